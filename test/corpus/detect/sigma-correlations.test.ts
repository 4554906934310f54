/** Sigma correlation findings against the shared triage-output contract (the correlations themselves: test/detect/sigma-correlations.test.ts). */
import { describe, expect, it } from 'vitest';
import { documentFindingOf } from '../../helpers/document-findings';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { NET, PS, WHOAMI, correlationFindings as corrFindings, detectWithCorrelations, loadedCorrelationRules, start } from '../../helpers/sigma-correlation-rules';
import type { NormalisedEvent } from '../../../src-main/model/index';

const rules = loadedCorrelationRules();
const run = (events: NormalisedEvent[]) => detectWithCorrelations(rules(), events);

describe.skipIf(requires('contracts'))('correlation findings and the contract', () => {
  it('validate against the shared triage-output schema (Sigma if/then)', () => {
    const r = run([start('WS1', PS, '00:00'), start('WS1', PS, '01:00'), start('WS1', PS, '02:00'), start('WS1', WHOAMI, '03:00'), start('WS1', NET, '04:00')]);
    const findings = r.findings.map(documentFindingOf);
    expect(corrFindings(r)).toHaveLength(2);
    const c = findings.find((f) => f.rule_id === '0b7e0f55-0000-4000-8000-0000000000c1')!;
    expect((c as Record<string, unknown>)['sigma']).toMatchObject({ author: 'Corr Author', correlation: { type: 'event_count', group_by: ['User'] } });
    const validate = triageOutputValidator();
    expect(validate({ tool: { name: 't', version: '1' }, evidence: [], findings }), JSON.stringify(validate.errors)).toBe(true);
  });
});

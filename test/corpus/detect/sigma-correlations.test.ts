/** Sigma correlation findings against the shared triage-output contract (the correlations themselves: test/detect/sigma-correlations.test.ts). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../../src-main/case/triage-rules';
import type { TriageRules } from '../../../src-main/case/triage-rules';
import { DetectionSession, emptySuppressions } from '../../../src-main/detect/index';
import type { SuppressionList } from '../../../src-main/detect/index';
import { documentFindingOf } from '../../helpers/document-findings';
import type { NormalisedEvent } from '../../../src-main/model/index';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { sysmon } from '../../detect/helpers';

const BASE = `
title: PowerShell started
id: 0b7e0f55-0000-4000-8000-000000000001
name: ps_start
status: test
level: low
author: Base Author
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\powershell.exe' }
  condition: selection
---
title: Whoami started
id: 0b7e0f55-0000-4000-8000-000000000002
name: whoami_start
status: test
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
---
title: Net started
id: 0b7e0f55-0000-4000-8000-000000000003
name: net_start
status: test
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\net.exe' }
  condition: selection
`;

const CORRELATIONS = `
title: Many PowerShell starts by one user
id: 0b7e0f55-0000-4000-8000-0000000000c1
status: experimental
level: high
author: Corr Author
tags: [attack.execution, attack.t1059.001]
correlation:
  type: event_count
  rules: [ps_start]
  group-by: [User]
  timespan: 5m
  condition: { gte: 3 }
---
title: Recon in order on one host
id: 0b7e0f55-0000-4000-8000-0000000000c2
level: medium
author: Corr Author
correlation:
  type: temporal_ordered
  rules: [whoami_start, net_start]
  group-by: [Computer]
  timespan: 10m
  generate: true
`;

const BAD = `
title: Sum of bytes
id: 0b7e0f55-0000-4000-8000-0000000000b1
correlation:
  type: value_sum
  rules: [ps_start]
  group-by: [User]
  timespan: 5m
  condition: { gte: 3, field: Bytes }
---
title: Names a rule nobody has
id: 0b7e0f55-0000-4000-8000-0000000000b2
correlation:
  type: event_count
  rules: [no_such_rule]
  timespan: 5m
  condition: { gte: 1 }
`;

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const WHOAMI = 'C:\\Windows\\System32\\whoami.exe';
const NET = 'C:\\Windows\\System32\\net.exe';

let record = 0;
/** A Sysmon process start at 10:MM:SS on `host`. */
function start(host: string, image: string, at: string, user = 'CORP\\alice'): NormalisedEvent {
  record++;
  return sysmon(1, host, {
    UtcTime: `2026-03-01 10:${at}.000`, ProcessGuid: `{11111111-0000-0000-0000-${String(record).padStart(12, '0')}}`, ProcessId: String(1000 + record),
    Image: image, CommandLine: image, User: user, ParentProcessGuid: '{11111111-0000-0000-0000-999999999999}', ParentImage: 'C:\\Windows\\explorer.exe',
  }, record);
}

let dir = '';
let rules: TriageRules;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'corr-wire-'));
  writeFileSync(path.join(dir, 'base.yml'), BASE);
  writeFileSync(path.join(dir, 'correlations.yml'), CORRELATIONS);
  writeFileSync(path.join(dir, 'bad.yml'), BAD);
  rules = await loadTriageRules({ paths: [dir], bundledSigma: false, minLevel: 'informational' }, DEFAULT_SIGMA_LOADER);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(events: NormalisedEvent[], sups: SuppressionList = emptySuppressions(), withCorrelations = true) {
  const s = new DetectionSession(rules.ruleset, rules.intel, sups, { sigma: rules.sigma, sigmaCorrelations: withCorrelations ? rules.correlations : null });
  // Arrival order must not matter: feed the events newest first, one per batch.
  for (const e of [...events].reverse()) s.add([e]);
  return s.finish();
}

const corrFindings = (r: ReturnType<typeof run>) => r.findings.filter((f) => f.sigma?.correlation !== undefined);

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

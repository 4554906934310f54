/** sniffFormat on the shared corpus's real samples (the crafted heads: test/ingest/sniff.test.ts). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sniffFormat, SNIFF_HEAD_BYTES } from '../../../src-main/ingest/sniff';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const EVIDENCE = SHARED_EVIDENCE;
const head = (rel: string) => {
  const b = readFileSync(resolve(EVIDENCE, rel));
  return b.subarray(0, Math.min(b.length, SNIFF_HEAD_BYTES));
};

describe.skipIf(requires('corpus'))('sniffFormat on real samples', () => {
  it('recognises EVTX, XML, JSON, JSONL and ZIP evidence', () => {
    expect(sniffFormat(head('plaso/test_data/evtx/System.evtx'))).toBe('evtx');
    expect(sniffFormat(head('zircolite/tests/fixtures/xml_events_sample.xml'))).toBe('xml');
    expect(sniffFormat(head('zircolite/tests/fixtures/winlogbeat_sysmon_sample.json'))).toBe('jsonl');
    expect(
      sniffFormat(head('sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020.json')),
    ).toBe('json');
    expect(
      sniffFormat(head('otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip')),
    ).toBe('zip');
  });
});

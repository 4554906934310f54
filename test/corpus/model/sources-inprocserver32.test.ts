/**
 * The real InProcServer32 registry events listed in ../shared/evidence/SOURCES.md (Firefox COM
 * hijack, PanacheSysmon regsvcs, OTRF OneDrive), read from that table and normalised as Sysmon
 * events: every spelling lands on one canonical key with the right scope and 32-bit view.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emptyRawEvent } from '../../../src-main/model/raw-event';
import { normaliseEvent } from '../../../src-main/model/normalise';
import type { RegistryView } from '../../../src-main/model/cim';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const NO_CORPUS = requires('corpus');
const SOURCES = NO_CORPUS ? '' : readFileSync(resolve(SHARED_EVIDENCE, 'SOURCES.md'), 'utf8');

interface Row { file: string; eid: number; record: number; utc: string; guid: string; image: string; target: string; details: string }

function tableRows(): Row[] {
  const start = SOURCES.indexOf('## InProcServer32 events in shared/ files');
  const lines = SOURCES.slice(start).split('\n').filter((l) => l.startsWith('| `'));
  const unq = (s: string) => s.trim().replace(/^`|`$/g, '');
  return lines.map((l) => {
    const c = l.split(' | ');
    return { file: unq(c[0]!.slice(2)), eid: Number(c[1]), record: Number(c[2]), utc: c[3]!.trim(), guid: unq(c[4]!), image: unq(c[5]!), target: unq(c[6]!), details: unq(c[7]!) };
  });
}

const EXPECTED: Record<string, { key: RegExp; scope: 'user' | 'machine'; clsid: string }> = {
  'persist_firefox_comhijack_sysmon_11_13_7_1.evtx': { key: /^HKCU\\SOFTWARE\\CLASSES\\CLSID\\\{BCDE0395-E52F-467C-8E3D-C4579291692E\}\\INPROCSERVER32$/, scope: 'user', clsid: '{BCDE0395-E52F-467C-8E3D-C4579291692E}' },
  'PanacheSysmon_vs_AtomicRedTeam01.evtx': { key: /^HKLM\\SOFTWARE\\CLASSES\\CLSID\\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F\}\\INPROCSERVER32(\\0\.0\.0\.0)?$/, scope: 'machine', clsid: '{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}' },
  'covenant_dcom_executeexcel4macro_allowed.zip': { key: /^HKCU\\SOFTWARE\\CLASSES\\CLSID\\\{018D5C66-4533-4307-9B53-224DE2ED1FE6\}\\INPROCSERVER32$/, scope: 'user', clsid: '{018D5C66-4533-4307-9B53-224DE2ED1FE6}' },
};

describe.skipIf(NO_CORPUS)('SOURCES.md InProcServer32 events', () => {
  const rows = tableRows();

  it('the table holds the 15 documented events', () => {
    expect(rows).toHaveLength(15);
    expect(rows.map((r) => r.file).filter((f, i, a) => a.indexOf(f) === i).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const row of tableRows()) {
    it(`${row.file} record ${row.record}: ${row.target}`, () => {
      const r = emptyRawEvent();
      Object.assign(r, { EventID: row.eid, EventRecordID: row.record, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'host' });
      r.Provider.Name = 'Microsoft-Windows-Sysmon';
      r.EventData = { EventType: row.eid === 12 ? 'CreateKey' : 'SetValue', UtcTime: row.utc, ProcessGuid: row.guid, ProcessId: '1', Image: row.image, TargetObject: row.target, ...(row.eid === 13 ? { Details: row.details } : {}) };
      const n = normaliseEvent(r, { evidence: row.file });
      const v = n.view as RegistryView;
      const exp = EXPECTED[row.file]!;
      expect(v.kind).toBe('registry');
      expect(v.registry_key_canonical).toMatch(exp.key);
      expect(v.registry_scope).toBe(exp.scope);
      expect(v.registry_classes_relative!.startsWith(`CLSID\\${exp.clsid}\\INPROCSERVER32`)).toBe(true);
      expect(v.registry_wow64).toBe(/wow6432node/i.test(row.target));
      expect(v.process_guid).toBe(`{${row.guid.replace(/[{}]/g, '').toUpperCase()}}`);
      expect(n.time).toBe(`${row.utc.replace(' ', 'T')}0000Z`);
      if (row.eid === 13) {
        const last = row.target.slice(row.target.lastIndexOf('\\') + 1);
        expect(v.registry_value_name).toBe(last);
        expect(v.registry_value_is_default).toBe(last === '(Default)');
        expect(v.registry_path).toBe(row.target);
        expect(v.registry_value_data).toBe(row.details);
      } else {
        expect([v.action, v.registry_value_name, v.registry_key_name]).toEqual(['created', null, row.target]);
      }
    });
  }
});

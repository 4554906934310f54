/**
 * A finding's id is unique in a result: Splunk's `stats … by` keeps rows apart whose grouping
 * values differ only in letter case (a registry path spelled HKCU\Software\Classes in one event
 * and HKCU\SOFTWARE\CLASSES in another), while the stable id folds case so that re-reads agree.
 * Rows that would share an id take the id of their exact-case key instead; every other id is
 * unchanged.
 */
import { describe, expect, it } from 'vitest';
import { SEED_RULE_ID, stableFindingId } from '../../src-main/detect/index';
import { detect, sysmon } from './helpers';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';

function write(target: string, host: string, rec: number) {
  return sysmon(13, host, {
    EventType: 'SetValue', UtcTime: `2024-05-01 10:00:0${rec % 10}.000`, ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '4242',
    Image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: target, Details: 'C:\\Users\\bob\\AppData\\Roaming\\dynwrapx.dll', User: 'WS1\\bob',
  }, rec);
}

describe('finding ids', () => {
  it('rows that differ only in letter case get distinct ids; a row alone keeps its folded id', () => {
    const t1 = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const t2 = `HKCU\\SOFTWARE\\CLASSES\\CLSID\\${CLSID}\\InProcServer32\\(Default)`;
    const both = detect([write(t1, 'WS1', 1), write(t2, 'WS1', 2), write(t1, 'ws2', 3), write(t1, 'WS2', 4)]).findings.filter((f) => f.rule_id === SEED_RULE_ID);
    expect(both.length).toBe(4); // Splunk's rows: (WS1, t1), (WS1, t2), (ws2, t1), (WS2, t1)
    expect(new Set(both.map((f) => f.id)).size).toBe(4);
    const alone = detect([write(t1, 'WS1', 1)]).findings.filter((f) => f.rule_id === SEED_RULE_ID);
    expect(alone).toHaveLength(1);
    expect(alone[0]!.id).toBe(stableFindingId(alone[0]!));
    // The same evidence in another order: the same ids.
    const again = detect([write(t1, 'WS2', 4), write(t1, 'ws2', 3), write(t2, 'WS1', 2), write(t1, 'WS1', 1)]).findings.filter((f) => f.rule_id === SEED_RULE_ID);
    const ids = (fs: typeof both) => fs.map((f) => `${f.dest}|${f.registry_path}|${f.id}`).sort();
    expect(ids(again)).toEqual(ids(both));
  });
});

/** The COM-hijack family: risk modifiers (raise and lower, with reasons), intel fields, messages. */
import { describe, expect, it } from 'vitest';
import { detect, sysmon } from './helpers';

const PER_USER = '9e41c7d2-3b8f-4a6e-8c15-d0f27a9b6e33';
const KNOWN_BAD = '5b0e7c1e-6a3f-4f0e-9d2a-2f7c1d4e8a01';
const BUILTIN = '2d6f3b8a-91c4-4e57-b0a3-7e5c9f1d2b64';
const G = '{CCCCCCCC-1111-2222-3333-444444444444}';
const T0 = '2024-05-01 10:00:00.000';
const T1 = '2024-05-01 10:02:00.000';

function set(target: string, details: string, image: string, time = T1, guid = G, host = 'WS1', rec = 10) {
  return sysmon(13, host, { EventType: 'SetValue', UtcTime: time, ProcessGuid: guid, ProcessId: '77', Image: image, TargetObject: target, Details: details }, rec);
}
function start(image: string, time = T0, guid = G, host = 'WS1') {
  return sysmon(1, host, { UtcTime: time, ProcessGuid: guid, ProcessId: '77', Image: image, CommandLine: `"${image}"`, ParentProcessGuid: '{DDDDDDDD-1111-2222-3333-444444444444}', ParentImage: 'C:\\Windows\\explorer.exe' }, 1);
}
const ids = (f: { risk_reasons: { id: string }[] }) => f.risk_reasons.map((r) => r.id).sort();

describe('per-user COM registration: risk modifiers', () => {
  const target = 'HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{0A29FF9E-7F9C-4437-8B11-F424491E3931}\\InprocServer32\\(Default)';

  it('base score (47) for an unremarkable writer', () => {
    const f = detect([start('C:\\Program Files\\Vendor\\setup.exe'), set(target, 'C:\\Program Files\\Vendor\\x.dll', 'C:\\Program Files\\Vendor\\setup.exe')]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(f.risk_score).toBe(47);
    expect(f.risk_reasons).toEqual([]);
  });

  it('raised for a per-user shadow of a CLSID registered machine-wide in the evidence', () => {
    const machine = sysmon(12, 'WS1', { EventType: 'CreateKey', UtcTime: T0, ProcessGuid: '{EEEEEEEE-1111-2222-3333-444444444444}', ProcessId: '4', Image: 'C:\\Windows\\servicing\\TrustedInstaller.exe', TargetObject: 'HKLM\\SOFTWARE\\Classes\\CLSID\\{0A29FF9E-7F9C-4437-8B11-F424491E3931}\\InprocServer32' }, 2);
    const f = detect([machine, set(target, 'C:\\Program Files\\Vendor\\x.dll', 'C:\\Program Files\\Vendor\\setup.exe')]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(ids(f)).toEqual(['per_user_shadow']);
    expect(f.risk_score).toBe(67);
    expect(f.risk_reasons[0]!.reason).toContain('{0A29FF9E-7F9C-4437-8B11-F424491E3931}');
  });

  it('the machine-wide registration on ANOTHER host is no shadow', () => {
    const machine = sysmon(12, 'WS2', { EventType: 'CreateKey', UtcTime: T0, ProcessGuid: '{EEEEEEEE-1111-2222-3333-444444444444}', ProcessId: '4', Image: 'C:\\x.exe', TargetObject: 'HKLM\\SOFTWARE\\Classes\\CLSID\\{0A29FF9E-7F9C-4437-8B11-F424491E3931}\\InprocServer32' }, 2);
    const f = detect([machine, set(target, 'C:\\Program Files\\Vendor\\x.dll', 'C:\\Program Files\\Vendor\\setup.exe')]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(ids(f)).toEqual([]);
  });

  it('raised for scrobj.dll, a registration tool / script host writer', () => {
    const f = detect([set(target, 'C:\\Windows\\System32\\scrobj.dll', 'C:\\Windows\\System32\\reg.exe')]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(ids(f)).toEqual(['lolbin_writer', 'scrobj']);
    expect(f.risk_score).toBe(87);
  });

  it('raised for a writer started minutes earlier from a user-writable folder; not when it started long before', () => {
    const img = 'C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe';
    const recent = detect([start(img), set(target, 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll', img)]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(ids(recent)).toEqual(['writer_started_from_user_writable']);
    expect(recent.risk_reasons[0]!.reason).toContain('120 s');
    const old = detect([start(img, '2024-05-01 08:00:00.000'), set(target, 'C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll', img)]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(ids(old)).toEqual([]);
  });

  it('a known benign writer LOWERS the risk and says why; the finding is still there', () => {
    const img = 'C:\\Users\\bob\\AppData\\Local\\Microsoft\\OneDrive\\19.002.0107.0005\\FileSyncConfig.exe';
    const f = detect([set(target, '%%systemroot%%\\system32\\shell32.dll', img)]).findings.find((x) => x.rule_id === PER_USER)!;
    expect(f).toBeDefined();
    expect(f.suppressed).toBe(false);
    expect(ids(f)).toEqual(['benign_writer']);
    expect(f.risk_score).toBe(7);
    expect(f.benign_writer).toBe('OneDrive');
    expect(f.risk_reasons[0]!.reason).toMatch(/OneDrive.*not hidden/);
  });
});

describe('known-bad and built-in rules carry their intel', () => {
  it('known-bad names the family; the seed CLSID fires both the seed and the intel rule', () => {
    const r = detect([set('HKCU\\Software\\Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)', 'C:\\Users\\bob\\AppData\\Roaming\\dynwrapx.dll', 'C:\\Windows\\SysWOW64\\regsvr32.exe')]);
    const kb = r.findings.find((x) => x.rule_id === KNOWN_BAD)!;
    expect(kb.known_bad_family).toMatch(/DynamicWrapperX/);
    expect(kb.message).toContain('RemcosRAT');
    expect(r.findings.map((f) => f.rule_id).sort()).toEqual(['127c8d08-25ff-11ec-9223-acde48001122', KNOWN_BAD, PER_USER].sort());
  });

  it('built-in names the class and the location', () => {
    const r = detect([set('HKLM\\SOFTWARE\\Classes\\CLSID\\{4590F811-1D3A-11D0-891F-00AA004B2E24}\\InprocServer32\\(Default)', 'C:\\Windows\\System32\\spool\\drivers\\color\\wbemcomn.dll', 'C:\\Windows\\System32\\reg.exe')]);
    const f = r.findings.find((x) => x.rule_id === BUILTIN)!;
    expect(f.builtin_clsid_name).toBe('WbemLocator');
    expect(f.message).toBe('reg.exe on WS1 redirected the built-in Windows class WbemLocator ({4590F811-1D3A-11D0-891F-00AA004B2E24}) INPROCSERVER32 to C:\\Windows\\System32\\spool\\drivers\\color\\wbemcomn.dll, a user-writable or unusual location.');
    expect(f.mitre).toEqual(['T1546.015']);
  });
});

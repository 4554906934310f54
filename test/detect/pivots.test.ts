/** Pivots on crafted events: timeline, tree, parallel processes (window), DLL pivot with path spellings, bounds. */
import { describe, expect, it } from 'vitest';
import { normaliseFilePath, samePath } from '../../src-main/detect/index';
import { detect, sysmon } from './helpers';

const H = 'WS1';
const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
const t = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + s * 1000).toISOString().replace('T', ' ').replace('Z', '');

function start(n: number, parent: number, image: string, sec: number, host = H) {
  return sysmon(1, host, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: image, CommandLine: `"${image}" #${n}`, User: `CORP\\u${n}`, ParentProcessGuid: g(parent), ParentProcessId: String(parent), ParentImage: 'C:\\parent.exe' }, 1000 + n);
}
function stop(n: number, sec: number) {
  return sysmon(5, H, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: 'x' }, 2000 + n);
}
function fileCreate(n: number, path: string, sec: number, rec: number) {
  return sysmon(11, H, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, TargetFilename: path }, rec);
}
function load(n: number, path: string, sec: number, rec: number, host = H) {
  return sysmon(7, host, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: `C:\\p${n}.exe`, ImageLoaded: path }, rec);
}
function setValue(n: number, target: string, details: string, sec: number, rec: number) {
  return sysmon(13, H, { EventType: 'SetValue', UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(n), Image: 'C:\\Users\\bob\\Downloads\\drop.exe', TargetObject: target, Details: details }, rec);
}

const HIJACK = 'HKCU\\Software\\Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)';

function scenario() {
  return [
    start(1, 0, 'C:\\Windows\\explorer.exe', 0),
    start(2, 1, 'C:\\Windows\\System32\\wscript.exe', 10),
    start(3, 2, 'C:\\Users\\bob\\Downloads\\drop.exe', 20),
    start(4, 3, 'C:\\Windows\\System32\\cmd.exe', 40),
    start(5, 4, 'C:\\Windows\\System32\\conhost.exe', 41),
    start(6, 1, 'C:\\Program Files\\Mozilla Firefox\\firefox.exe', 100),
    start(7, 1, 'C:\\old.exe', -1000), stop(7, -900), // ended long before the write: not parallel
    start(8, 1, 'C:\\late.exe', 1000), // starts long after: not parallel with ±5 min
    fileCreate(3, '\\??\\C:\\Users\\Public\\Libraries\\audio.dll', 25, 50),
    setValue(3, HIJACK, '"%PUBLIC%\\Libraries\\AUDIO.DLL",0', 30, 51),
    setValue(3, 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\audio', 'rundll32.exe C:\\Users\\Public\\Libraries\\audio.dll,Start', 31, 52),
    load(6, 'C:\\USERS\\PUBLIC\\LIBRARIES\\audio.dll', 110, 53),
    load(6, 'C:\\Windows\\System32\\audio.dll', 111, 54), // same name, other path: not the DLL
    load(9, 'C:\\Users\\Public\\Libraries\\audio.dll', 112, 55, 'WS2'), // other host
    fileCreate(3, 'C:\\Users\\bob\\Downloads\\notes.txt', 32, 56),
  ];
}

describe('pivots', () => {
  const r = detect(scenario());
  const f = r.findings.find((x) => x.registry_path === HIJACK && x.rule_id === '2d6f3b8a-91c4-4e57-b0a3-7e5c9f1d2b64')!;

  it('the finding exists (built-in CLSID to Users\\Public)', () => expect(f).toBeDefined());

  it('timeline: every event of (dest, process_guid), ordered', () => {
    expect(f.pivots.timeline.entries.map((e) => e.record_id)).toEqual([1003, 50, 51, 52, 56]);
    expect(f.pivots.timeline.truncated).toBe(false);
  });

  it('tree: ancestors to the root the evidence holds (explorer, then a stub for its unseen parent) and descendants', () => {
    expect(f.pivots.tree.ancestors.map((a) => [a.depth, a.process_name, a.start_in_evidence])).toEqual([
      [-1, 'wscript.exe', true], [-2, 'explorer.exe', true], [-3, 'parent.exe', false],
    ]);
    expect(f.pivots.tree.descendants.map((d) => [d.depth, d.process_name])).toEqual([[1, 'cmd.exe'], [2, 'conhost.exe']]);
    // PID and user from each start event (the desk shows them without hovering); the stub knows only its PID.
    expect(f.pivots.tree.ancestors.map((a) => [a.process_id, a.user])).toEqual([[2, 'CORP\\u2'], [1, 'CORP\\u1'], [0, null]]);
    expect([f.pivots.tree.process?.process_id, f.pivots.tree.process?.user]).toEqual([3, 'CORP\\u3']);
  });

  it('parallel: alive within ±5 min of the write, closest start first; the UI can widen the window', () => {
    const names = f.pivots.parallel.processes.map((p) => p.process_name);
    expect(names).not.toContain('drop.exe');
    expect(names).not.toContain('old.exe');
    expect(names).not.toContain('late.exe');
    expect(names.slice(0, 4)).toEqual(['cmd.exe', 'conhost.exe', 'wscript.exe', 'explorer.exe']); // starts 10 s, 11 s, 20 s, 30 s from the write
    expect(f.pivots.parallel.window_ms).toBe(300_000);
    expect(f.pivots.parallel.processes.slice(0, 2).map((p) => [p.process_id, p.user, p.process])).toEqual([
      [4, 'CORP\\u4', '"C:\\Windows\\System32\\cmd.exe" #4'], [5, 'CORP\\u5', '"C:\\Windows\\System32\\conhost.exe" #5'],
    ]);
    const wide = r.parallel(f.id, 60 * 60_000)!;
    expect(wide.processes.map((p) => p.process_name)).toEqual(expect.arrayContaining(['old.exe', 'late.exe']));
  });

  it('timeline and tree of any process (following the tree from a finding)', () => {
    expect(r.timeline(H, g(6)).entries.map((e) => e.record_id)).toEqual([1006, 53, 54]);
    expect(r.tree(H, g(2)).descendants.map((d) => d.process_name)).toEqual(['drop.exe', 'cmd.exe', 'conhost.exe']);
    expect(r.tree('ws1', g(2)).process?.process_name).toBe('wscript.exe'); // host case-insensitive
    expect(r.tree('WS2', g(2)).process).toBeNull(); // never across hosts
  });

  it('DLL pivot: created by, loaded by (same host, same file in any spelling), other registry values naming it', () => {
    expect(f.pivots.dll_path).toBe('c:\\users\\public\\libraries\\audio.dll');
    // process names as the file/image-load events write them (Image = C:\pN.exe in these fixtures)
    expect(f.pivots.dll_created_by.map((x) => [x.process_name, x.process_guid, x.record_id])).toEqual([['p3.exe', g(3), 50]]);
    expect(f.pivots.dll_loaded_by.map((x) => [x.process_name, x.process_guid, x.record_id])).toEqual([['p6.exe', g(6), 53]]);
    // The loading and the creating process's command line, PID and user, joined from their starts.
    expect(f.pivots.dll_loaded_by.map((x) => [x.process, x.process_id, x.user])).toEqual([['"C:\\Program Files\\Mozilla Firefox\\firefox.exe" #6', 6, 'CORP\\u6']]);
    expect(f.pivots.dll_created_by.map((x) => [x.process, x.process_id, x.user])).toEqual([['"C:\\Users\\bob\\Downloads\\drop.exe" #3', 3, 'CORP\\u3']]);
    expect(f.pivots.dll_registry_refs.map((x) => x.registry_path)).toEqual(['HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\audio']);
  });

  it('timelines are bounded per process and say so', () => {
    const many = [start(3, 2, 'C:\\Users\\bob\\Downloads\\drop.exe', 0), ...Array.from({ length: 30 }, (_, i) => fileCreate(3, `C:\\tmp\\${i}.txt`, 1 + i, 100 + i)), setValue(3, HIJACK, 'C:\\Users\\Public\\a.dll', 60, 500)];
    const rr = detect(many, undefined, { maxTimelinePerProcess: 10 });
    const ff = rr.findings[0]!;
    expect(ff.pivots.timeline.entries).toHaveLength(10);
    expect(ff.pivots.timeline.total).toBe(32);
    expect(ff.pivots.timeline.truncated).toBe(true);
    expect(rr.stats.dropped.timelineEntries).toBe(22);
  });
});

describe('file path normalisation', () => {
  const cases: Array<[string, string]> = [
    ['C:\\ProgramData\\demo.dll', 'c:\\programdata\\demo.dll'],
    ['"C:\\Program Files\\App\\x.dll"', 'c:\\program files\\app\\x.dll'],
    ['"C:\\Program Files\\App\\x.exe" -Embedding', 'c:\\program files\\app\\x.exe'],
    ['C:\\Program Files\\App\\x.exe /automation', 'c:\\program files\\app\\x.exe'],
    ['C:\\a b\\x.dll,1', 'c:\\a b\\x.dll'],
    ['\\??\\C:\\Windows\\Temp\\x.dll', 'c:\\windows\\temp\\x.dll'],
    ['\\\\?\\C:\\x.dll', 'c:\\x.dll'],
    ['%SystemRoot%\\System32\\shell32.dll', 'c:\\windows\\system32\\shell32.dll'],
    ['%%systemroot%%\\SysWow64\\shell32.dll', 'c:\\windows\\syswow64\\shell32.dll'],
    ['%windir%\\x.dll', 'c:\\windows\\x.dll'],
    ['%ProgramData%\\x.dll', 'c:\\programdata\\x.dll'],
    ['%APPDATA%\\Microsoft\\x.dll', 'c:\\users\\*\\appdata\\roaming\\microsoft\\x.dll'],
    ['file:///C:/AtomicRedTeam/T1121.DLL', 'c:\\atomicredteam\\t1121.dll'],
    ['\\SystemRoot\\System32\\drivers\\x.sys', 'c:\\windows\\system32\\drivers\\x.sys'],
    ['mscoree.dll', 'mscoree.dll'],
  ];
  for (const [input, out] of cases) it(input, () => expect(normaliseFilePath(input)).toBe(out));

  it('samePath: case, user-variable segments, bare names', () => {
    expect(samePath(normaliseFilePath('%APPDATA%\\a.dll')!, normaliseFilePath('C:\\Users\\Bob\\AppData\\Roaming\\A.DLL')!)).toBe(true);
    expect(samePath(normaliseFilePath('%APPDATA%\\a.dll')!, normaliseFilePath('C:\\Users\\Bob\\AppData\\Local\\a.dll')!)).toBe(false);
    expect(samePath('mscoree.dll', 'c:\\windows\\system32\\mscoree.dll')).toBe(true);
    expect(samePath('c:\\a\\x.dll', 'c:\\b\\x.dll')).toBe(false);
  });
});

describe('registry facts', () => {
  it('a remote ScriptletURL is no file; a file: one is', async () => {
    const { registryFacts } = await import('../../src-main/detect/index');
    const mk = (details: string) => sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: g(1), ProcessId: '1', Image: 'C:\\x.exe', TargetObject: 'HKCU\\Software\\Classes\\CLSID\\{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}\\ScriptletURL\\(Default)', Details: details });
    const f1 = registryFacts(mk('https://evil.example/x.sct').view as never, new Set());
    const f2 = registryFacts(mk('file:///C:/Users/Public/x.sct').view as never, new Set());
    expect([f1.com_subkey, f1.server_path]).toEqual(['SCRIPTLETURL', null]);
    expect(f2.server_path).toBe('c:\\users\\public\\x.sct');
  });

  it("Sysmon's \"Binary Data\" (a REG_BINARY value it does not show) is never a server path to pivot on", async () => {
    const { registryFacts } = await import('../../src-main/detect/index');
    const mk = (target: string) => sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: g(1), ProcessId: '1', Image: 'C:\\x.exe', TargetObject: target, Details: 'Binary Data' });
    for (const target of [
      'HKCU\\Software\\Classes\\CLSID\\{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}\\ScriptletURL\\(Default)',
      'HKCU\\Software\\Classes\\CLSID\\{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}\\InprocServer32\\(Default)',
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
    ]) {
      const f = registryFacts(mk(target).view as never, new Set());
      expect(f.server_path, target).toBeNull();
    }
  });
});

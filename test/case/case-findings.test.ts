/**
 * From engine findings to the case's findings (api/case-findings.ts): what the desk shows without
 * a second read: the source files of the matched events, PID, user and command line of every
 * process in the pivots, and Sysmon 7's hashes and signature of the DLL as loaded.
 */
import { describe, expect, it } from 'vitest';
import { loadedImage, toCaseFinding } from '../../src-main/case/case-findings';
import { evidenceFilesOf } from '../../src-main/shared/finding-evidence';
import { identityOf } from '../../src-main/model/event-identity';
import type { NormalisedEvent } from '../../src-main/model/event';
import { detect, sysmon } from '../detect/helpers';

const H = 'WS1';
const g = (n: number) => `{${String(n).padStart(8, '0')}-1111-2222-3333-444444444444}`;
const t = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + s * 1000).toISOString().replace('T', ' ').replace('Z', '');
const DLL = 'C:\\Users\\Public\\Libraries\\audio.dll';
const HIJACK = 'HKCU\\Software\\Classes\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)';
const HASHES = 'SHA1=0A1B,MD5=2C3D,SHA256=4E5F6A7B,IMPHASH=8C9D';

function start(n: number, parent: number, image: string, sec: number, user: string) {
  return sysmon(1, H, { UtcTime: t(sec), ProcessGuid: g(n), ProcessId: String(100 + n), Image: image, CommandLine: `"${image}" --run ${n}`, User: user, ParentProcessGuid: g(parent), ParentProcessId: String(100 + parent) }, 1000 + n, 'WS1/Sysmon.evtx');
}

function scenario(): NormalisedEvent[] {
  return [
    start(1, 0, 'C:\\Windows\\explorer.exe', 0, 'CORP\\bob'),
    start(3, 1, 'C:\\Users\\bob\\Downloads\\drop.exe', 20, 'CORP\\bob'),
    start(6, 1, 'C:\\Windows\\System32\\rundll32.exe', 100, 'NT AUTHORITY\\SYSTEM'),
    sysmon(11, H, { UtcTime: t(25), ProcessGuid: g(3), ProcessId: '103', Image: 'C:\\Users\\bob\\Downloads\\drop.exe', TargetFilename: DLL }, 50, 'WS1/Sysmon.evtx'),
    sysmon(13, H, { EventType: 'SetValue', UtcTime: t(30), ProcessGuid: g(3), ProcessId: '103', Image: 'C:\\Users\\bob\\Downloads\\drop.exe', TargetObject: HIJACK, Details: DLL }, 51, 'WS1/Sysmon.evtx'),
    // The same write in an XML export of the log: a second source file of the finding's events.
    sysmon(13, H, { EventType: 'SetValue', UtcTime: t(31), ProcessGuid: g(3), ProcessId: '103', Image: 'C:\\Users\\bob\\Downloads\\drop.exe', TargetObject: HIJACK, Details: DLL }, 52, 'WS1/export.xml'),
    sysmon(7, H, { UtcTime: t(110), ProcessGuid: g(6), ProcessId: '106', Image: 'C:\\Windows\\System32\\rundll32.exe', ImageLoaded: DLL, Hashes: HASHES, Signed: 'false', Signature: '', SignatureStatus: 'Unavailable' }, 53, 'WS1/Sysmon.evtx'),
  ];
}

describe('toCaseFinding', () => {
  const events = scenario();
  const details = new Map(events.map((e) => [identityOf(e), e]));
  const r = detect(events);
  const engine = r.findings.find((x) => x.registry_path === HIJACK && x.rule_id === '2d6f3b8a-91c4-4e57-b0a3-7e5c9f1d2b64')!;
  const f = toCaseFinding(engine, details);

  it('names the source files of its matched events, each once, in order of first match', () => {
    expect(f.events?.map((e) => [e.evidence, e.record_id])).toEqual([['WS1/Sysmon.evtx', 51], ['WS1/export.xml', 52]]);
    expect(f.evidence_files).toEqual(['WS1/Sysmon.evtx', 'WS1/export.xml']);
  });

  it('gives the DLL loader its command line, PID and user, and the image as Sysmon 7 states it (hashes, signature)', () => {
    expect(f.pivots.dll_loaded_by).toHaveLength(1);
    const l = f.pivots.dll_loaded_by[0]!;
    expect([l.process, l.process_id, l.user]).toEqual(['"C:\\Windows\\System32\\rundll32.exe" --run 6', 106, 'NT AUTHORITY\\SYSTEM']);
    expect(l.image).toEqual({ image_loaded: DLL, hashes: HASHES, signed: 'false', signature: null, signature_status: 'Unavailable' });
    const c = f.pivots.dll_created_by[0]!;
    expect([c.process_name, c.process, c.process_id, c.user]).toEqual(['drop.exe', '"C:\\Users\\bob\\Downloads\\drop.exe" --run 3', 103, 'CORP\\bob']);
  });

  it('gives every tree and parallel process its PID and user', () => {
    expect(f.pivots.tree.map((p) => [p.relation, p.process_name, p.process_id, p.user])).toContainEqual(['self', 'drop.exe', 103, 'CORP\\bob']);
    expect(f.pivots.tree.map((p) => [p.relation, p.process_name, p.process_id, p.user])).toContainEqual(['ancestor', 'explorer.exe', 101, 'CORP\\bob']);
    expect(f.pivots.parallel.map((p) => [p.process_name, p.process_id, p.user])).toContainEqual(['rundll32.exe', 106, 'NT AUTHORITY\\SYSTEM']);
  });

  it('without the detail pass, makes the timeline, tree and parallel views when first read: same keys, order and values', () => {
    const bare = toCaseFinding(engine, new Map());
    expect(Object.keys(bare.pivots)).toEqual(Object.keys(f.pivots));
    const timeline = bare.pivots.timeline;
    expect(bare.pivots.timeline).toBe(timeline); // made once
    const noFields = (list: { fields: Record<string, string> }[]) => list.map((e) => ({ ...e, channel: null, fields: {} }));
    expect(timeline).toEqual(noFields(f.pivots.timeline));
    expect(bare.pivots.tree).toEqual(f.pivots.tree);
    expect(bare.pivots.parallel).toEqual(f.pivots.parallel);
    expect([bare.integrity_level, bare.process_hashes]).toEqual([null, null]);
    // A copy (IPC, the report's worker) reads them like any other field.
    const again = toCaseFinding(engine, new Map());
    expect(structuredClone(again).pivots.tree).toEqual(f.pivots.tree);
    expect(JSON.parse(JSON.stringify(again.pivots)).parallel).toEqual(f.pivots.parallel);
  });

  it('without the load event in the details, the loader has no image facts (never invented)', () => {
    const bare = toCaseFinding(engine, new Map());
    expect(bare.pivots.dll_loaded_by[0]!.image).toBeNull();
  });
});

describe('loadedImage and evidenceFilesOf', () => {
  it('keeps what the event states and nothing else', () => {
    expect(loadedImage({})).toBeNull();
    expect(loadedImage({ Image: 'C:\\x.exe' })).toBeNull();
    expect(loadedImage({ Signed: 'true', Signature: 'Microsoft Windows' })).toEqual({ image_loaded: null, hashes: null, signed: 'true', signature: 'Microsoft Windows', signature_status: null });
    // A field named like an Object prototype member is not a field.
    expect(loadedImage(Object.create({ Hashes: 'inherited' }) as Record<string, string>)).toBeNull();
  });

  it('lists each file once and skips events without a file', () => {
    expect(evidenceFilesOf([{ evidence: 'b.evtx' }, { evidence: 'a.evtx' }, { evidence: 'b.evtx' }, { evidence: '' }])).toEqual(['b.evtx', 'a.evtx']);
  });
});

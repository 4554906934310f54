/** The evidence store cites the copy of a record read twice that sorts first, whatever order they came in (detect/evidence-store.ts). */
import { describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src-main/detect/evidence-store';
import { normaliseFilePath } from '../../src-main/detect/paths';
import { sysmon } from './helpers';

describe('EvidenceStore', () => {
  const write = (evidence: string) => sysmon(13, 'WS1', {
    UtcTime: '2024-01-01 10:00:00.000', EventType: 'SetValue', ProcessGuid: '{0A0B0C0D-0000-1111-2222-333344445555}', ProcessId: 4,
    Image: 'C:\\Windows\\regedit.exe', TargetObject: 'HKU\\S-1-5-21-1\\Software\\Classes\\CLSID\\{11111111-2222-3333-4444-555555555555}\\InprocServer32\\(Default)',
    Details: 'C:\\Users\\a\\AppData\\Local\\x.dll',
  }, 9, evidence);
  for (const order of [['b.evtx', 'a.evtx'], ['a.evtx', 'b.evtx']]) {
    it(`timeline and registry file refs cite a.evtx when read as ${order.join(', ')}`, () => {
      const s = new EvidenceStore();
      for (const ev of order) s.add(write(ev), 'ws1|microsoft-windows-sysmon/operational|9');
      expect(s.duplicates).toBe(1);
      expect([...s.timelines.byName.values()].flat().map((t) => t.evidence)).toEqual(['a.evtx']);
      const refs = [...s.registryRefs.byName.values()].flat();
      expect(refs.map((r) => [r.path, r.evidence])).toEqual([['c:\\users\\a\\appdata\\local\\x.dll', 'a.evtx']]);
    });
  }
});

describe('EvidenceStore file paths', () => {
  const load = (image: string, recordId: number) => sysmon(7, 'WS1', {
    UtcTime: '2024-01-01 10:00:00.000', ProcessGuid: '{0A0B0C0D-0000-1111-2222-333344445555}', ProcessId: 4,
    Image: 'C:\\Windows\\explorer.exe', ImageLoaded: image,
  }, recordId);
  it('stores each image load under the normalised path, for texts seen again, past the remembered bound and too long to remember', () => {
    const s = new EvidenceStore();
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) texts.push(`%SystemRoot%\\System32\\lib${i % 4500}.DLL`);
    texts.push(`C:\\${'d\\'.repeat(300)}Long.dll`, `C:\\${'d\\'.repeat(300)}Long.dll`);
    texts.forEach((t, i) => s.add(load(t, i + 1), null));
    const stored = [...s.loads.byName.values()].flat().sort((a, b) => (a.record_id ?? 0) - (b.record_id ?? 0));
    expect(stored.map((r) => r.path)).toEqual(texts.map((t) => normaliseFilePath(t)));
    expect(stored.map((r) => r.path_as_written)).toEqual(texts);
  });
});

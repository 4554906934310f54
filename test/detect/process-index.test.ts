/** The process index (src-main/detect/process-index.ts): what a process's other events tell does not depend on the order they came in. */
import { describe, expect, it } from 'vitest';
import { ProcessIndex } from '../../src-main/detect/process-index';
import { sysmon } from './helpers';

const GUID = '{D273D0F0-7FAD-5F63-0C00-000000000400}';

/** Sysmon 3 (network connection) by the process, at `time`, naming its image as `image`. */
function access(image: string, time: string, recordId: number) {
  return sysmon(3, 'host1', { ProcessGuid: GUID, ProcessId: '736', Image: image, UtcTime: time }, recordId);
}

describe('ProcessIndex: sighted fields', () => {
  it('takes each field from the earliest sighting (time, evidence, record id), in any arrival order', () => {
    const events = [
      access('C:\\Windows\\System32\\lsass.exe', '2020-09-17 17:00:01.000', 5),
      access('C:\\windows\\system32\\lsass.exe', '2020-09-17 17:00:00.000', 9),
      access('C:\\WINDOWS\\system32\\lsass.exe', '2020-09-17 17:00:00.000', 7),
    ];
    const paths = new Set<string | null>();
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1]]) {
      const index = new ProcessIndex();
      for (const k of order) index.add(events[k]!);
      const r = [...index.byKey.values()].find((x) => x.process_guid === GUID.toUpperCase());
      expect(r).toBeDefined();
      paths.add(r!.process_path);
    }
    expect([...paths]).toEqual(['C:\\WINDOWS\\system32\\lsass.exe']); // same time: the lower record id
  });

  it('a start\'s fields win over any sighting, whenever it comes', () => {
    const start = sysmon(1, 'host1', { ProcessGuid: GUID, ProcessId: '736', Image: 'C:\\Windows\\System32\\lsass.exe', CommandLine: 'lsass.exe', UtcTime: '2020-09-17 17:00:05.000', ParentProcessGuid: '{D273D0F0-0000-0000-0000-000000000002}' }, 3);
    const early = access('C:\\other\\lsass.exe', '2020-09-17 16:00:00.000', 1);
    for (const order of [[start, early], [early, start]]) {
      const index = new ProcessIndex();
      for (const e of order) index.add(e);
      expect([...index.byKey.values()].find((x) => x.process_guid === GUID.toUpperCase())?.process_path).toBe('C:\\Windows\\System32\\lsass.exe');
    }
  });
});

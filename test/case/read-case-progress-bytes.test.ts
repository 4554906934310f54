/**
 * The progress of a case read is in the files' sizes on disk, the number the evidence list, the
 * CLI and the PDF give (issue 19: the reading pass said 2.01 MB, its EVTX chunks without the 4 KiB
 * header, where the case said 2.05 MB): each pass ends at the sum of its files' sizes.
 */
import { describe, expect, it } from 'vitest';
import type { FileProgress, ProgressEvent } from '../../src-main/shared/contract';
import { readCase } from '../../src-main/case/read-case';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

describe('bytes in the progress of a case read', () => {
  it('counts each file in its size on disk, EVTX header included, in the hashing and the reading pass', async () => {
    const evtx = new EvtxWriter().addAll(sampleEvents(2, 400)).toBytes();
    const jsonl = '{"EventID":1,"Channel":"Security","Hostname":"h","RecordNumber":1}\n';
    const readme = '# Collected on site\n';
    const root = tempEvidenceFolder({ 'Security.evtx': evtx, 'Security.jsonl': jsonl, 'README.md': readme });
    const events: ProgressEvent[] = [];
    const scan = await readCase(root, { jobId: 'bytes', workers: 1, onProgress: (p) => events.push(p) });
    const size = new Map(scan.evidence.map((e) => [e.path, e.bytes]));
    expect(size.get('Security.evtx')).toBe(evtx.length);

    const last = (phase: ProgressEvent['phase']) => events.filter((p) => p.phase === phase).at(-1)!;
    const all = evtx.length + jsonl.length + readme.length;
    expect(scan.stats.bytes).toBe(all);
    expect(last('hashing')).toMatchObject({ bytesDone: all, bytesTotal: all });
    // The reading pass: the files read for events, whole (README.md is named as skipped, outside the totals).
    const read = evtx.length + jsonl.length;
    expect(last('reading')).toMatchObject({ bytesDone: read, bytesTotal: read });
    const said = new Map<string, FileProgress>();
    for (const p of events.filter((e) => e.phase === 'reading')) for (const f of p.files) said.set(f.path, f);
    expect(said.get('Security.evtx')).toMatchObject({ state: 'done', bytesDone: evtx.length, bytesTotal: evtx.length });
    for (const p of events.filter((e) => e.phase === 'reading')) expect(p.bytesDone).toBeLessThanOrEqual(p.bytesTotal);
  }, 60_000);
});

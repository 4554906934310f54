/**
 * The reading pass names the files it does not read, with why in the evidence list's words, so
 * the app's ingest list marks them instead of leaving them waiting (shared/evidence-rows.ts).
 */
import { describe, expect, it } from 'vitest';
import type { FileProgress, ProgressEvent } from '../../src-main/shared/contract';
import { readCase } from '../../src-main/case/read-case';
import { NOT_EVIDENCE_WORDS } from '../../src-main/shared/evidence-rows';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

describe('progress of the reading pass', () => {
  it('reports a file that is not evidence as skipped, outside the count of files read', async () => {
    const root = tempEvidenceFolder({
      'Security.jsonl': '{"EventID":1,"Channel":"Security","Hostname":"h","RecordNumber":1}\n',
      'README.md': '# Collected on site\nNothing to read here.\n',
    });
    const events: ProgressEvent[] = [];
    const scan = await readCase(root, { jobId: 'skipped', workers: 1, onProgress: (p) => events.push(p) });
    const reading = events.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThan(0);
    expect(reading.every((p) => p.filesTotal === 1)).toBe(true);
    const said = new Map<string, FileProgress>();
    for (const p of reading) for (const f of p.files) said.set(f.path, f);
    expect(said.get('README.md')).toMatchObject({ state: 'done', skipped: NOT_EVIDENCE_WORDS, events: 0 });
    expect(said.get('Security.jsonl')?.skipped).toBeUndefined();
    expect(said.get('Security.jsonl')).toMatchObject({ state: 'done', events: 1 });
    expect(scan.evidence.find((e) => e.path === 'README.md')).toMatchObject({ format: 'unknown' });
  }, 60_000);
});

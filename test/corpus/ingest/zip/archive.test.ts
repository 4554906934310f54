/** The zip reader on the shared corpus's OTRF sample (members, bombs, damage: test/ingest/zip/archive.test.ts). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ZipArchive } from '../../../../src-main/ingest/zip/index';
import type { RandomAccessSource } from '../../../../src-main/ingest/zip/index';
import { JsonEventReader } from '../../../../src-main/ingest/json/index';
import { sniffFormat } from '../../../../src-main/ingest/sniff';
import { SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';

const OTRF = resolve(SHARED_EVIDENCE, 'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip');

/** A source that counts what is read, to show the archive is read in place. */
function countingSource(bytes: Uint8Array): RandomAccessSource & { bytesRead: number } {
  const s = { size: bytes.length, bytesRead: 0, read: async (o: number, l: number) => { s.bytesRead += l; return bytes.subarray(o, o + l); } };
  return s;
}

describe.skipIf(requires('corpus'))('zip: the OTRF sample', () => {
  it('lists its member by label, reading only the directory, then streams 8121 JSON-lines events out of it', async () => {
    const bytes = new Uint8Array(readFileSync(OTRF));
    const src = countingSource(bytes);
    const z = await ZipArchive.open(src, { label: 'otrf/covenant.zip' });
    expect(src.bytesRead).toBeLessThan(70_000); // the tail, not the 695 kB file
    expect(z.issues).toEqual([]);
    expect(z.files.map((f) => [f.label, f.uncompressedSize])).toEqual([
      ['otrf/covenant.zip!/covenant_dcom_executeexcel4macro_allowed_2020-09-17174542.json', 14_941_654],
    ]);
    const reader = new JsonEventReader({ path: z.files[0]!.label });
    let head: Uint8Array | null = null;
    let events = 0;
    for await (const chunk of z.stream(z.files[0]!)) {
      head ??= chunk.subarray(0, 65536);
      events += reader.pushBytes(chunk).length;
    }
    events += reader.end().length;
    expect(sniffFormat(head!)).toBe('jsonl');
    expect(events).toBe(8121); // SOURCES.md
    expect(reader.issues.map((i) => i.code)).toEqual(['json.time_from_receipt']);
  });
});

/**
 * Normalisation benchmark (issue 21): every record of a folder's EVTX files and every event of its
 * archives' members read once into memory as raw events, then, in one process and alternated pass
 * by pass, the cost of turning them into normalised events (model/normalise.ts: fields, times,
 * System header, CIM views) beside the EVTX parser's own cost for the same records (parse and
 * render, chunk by chunk from memory). Medians of CPU time per pass (GC included), µs per event.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chunkOptionsOf, chunkSlotCount, CHUNK_SIZE, FILE_HEADER_SIZE, parseChunk } from '../../src-main/ingest/evtx/index';
import { readArchive } from '../../src-main/evidence-reading/read-archive';
import { emptyFileSummary } from '../../src-main/evidence-reading/file-summary';
import { normaliseEvent } from '../../src-main/model/normalise';
import type { RawEvent } from '../../src-main/model/raw-event';

const PASSES = 7;

function filesBelow(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesBelow(p, ext));
    else if (name.toLowerCase().endsWith(ext)) out.push(p);
  }
  return out;
}

/** Parses every chunk of the files (already in memory); the records go to `onRecord`. */
function parseAll(files: Uint8Array[], onRecord: (r: RawEvent) => void): void {
  const options = chunkOptionsOf({});
  for (const buf of files) {
    for (let k = 0; k < chunkSlotCount(buf.length); k++) {
      const at = FILE_HEADER_SIZE + k * CHUNK_SIZE;
      const r = parseChunk(buf.subarray(at, Math.min(buf.length, at + CHUNK_SIZE)), k, options);
      for (const x of r.records) onRecord(x);
      for (const x of r.recovered) onRecord(x);
    }
  }
}

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function benchNormalise(dir: string): Promise<string> {
  const evtx = filesBelow(dir, '.evtx').map((f) => new Uint8Array(readFileSync(f)));
  const evtxRaw: RawEvent[] = [];
  parseAll(evtx, (r) => evtxRaw.push(r));
  const archiveRaw: RawEvent[] = [];
  for (const zip of filesBelow(dir, '.zip')) {
    await readArchive(zip, path.basename(zip), emptyFileSummary(), { event: async (raw) => { archiveRaw.push(raw); }, isCancelled: () => false });
  }
  const rows: Record<string, number[]> = { parse: [], evtx: [], archive: [] };
  let sink = 0;
  const normaliseAll = (raws: RawEvent[]) => { for (let i = 0; i < raws.length; i++) sink += normaliseEvent(raws[i]!, { evidence: 'bench' }).view ? 1 : 0; };
  for (let p = 0; p < PASSES + 1; p++) {
    const parse = cpuMs(() => parseAll(evtx, () => { sink++; }));
    const n1 = cpuMs(() => normaliseAll(evtxRaw));
    const n2 = cpuMs(() => normaliseAll(archiveRaw));
    if (p === 0) continue; // warm-up
    rows.parse!.push(parse);
    rows.evtx!.push(n1);
    rows.archive!.push(n2);
  }
  if (sink < 0) throw new Error('unreachable');
  const us = (ms: number, n: number) => (n === 0 ? '–' : ((ms * 1000) / n).toFixed(2));
  const [p, e, a] = [median(rows.parse!), median(rows.evtx!), median(rows.archive!)];
  return [
    '| work | events | CPU ms per pass (median) | µs per event | beside the EVTX parse |',
    '|---|---:|---:|---:|---:|',
    `| EVTX parse + render to raw events (${evtx.length} files) | ${evtxRaw.length} | ${p.toFixed(0)} | ${us(p, evtxRaw.length)} | 1.00× |`,
    `| normalise those raw events | ${evtxRaw.length} | ${e.toFixed(0)} | ${us(e, evtxRaw.length)} | ${(e / p).toFixed(2)}× |`,
    `| normalise the archives' events (JSON lines) | ${archiveRaw.length} | ${a.toFixed(0)} | ${us(a, archiveRaw.length)} | – |`,
  ].join('\n');
}

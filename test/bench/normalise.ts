/**
 * Normalisation benchmark (issue 21): every record of a folder's EVTX files and every event of its
 * archives' members read once into memory as raw events, then, in one process and alternated pass
 * by pass, the cost of turning them into normalised events (model/normalise.ts: fields, times,
 * System header, CIM views) beside the EVTX parser's own cost for the same records (parse and
 * render, chunk by chunk from memory), and what the worker does with them: normalise then pack
 * (packed-batch-encode.ts `add`, as before) against packing straight from the raw event (`addRaw`,
 * what the worker does now; the same batch). Medians of CPU time per pass (GC included), µs per event.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chunkOptionsOf, chunkSlotCount, CHUNK_SIZE, FILE_HEADER_SIZE, parseChunk } from '../../src-main/ingest/evtx/index';
import { readArchive } from '../../src-main/evidence-reading/read-archive';
import { emptyFileSummary } from '../../src-main/evidence-reading/file-summary';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import { normaliseEvent } from '../../src-main/model/normalise';
import type { RawEvent } from '../../src-main/model/raw-event';

const PASSES = 7;
/** Events per packed batch, as the worker's batcher (event-batcher.ts). */
const BATCH = 2000;

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
  const rows: Record<string, number[]> = { parse: [], evtx: [], archive: [], packNormalised: [], packRaw: [] };
  let sink = 0;
  const normaliseAll = (raws: RawEvent[]) => { for (let i = 0; i < raws.length; i++) sink += normaliseEvent(raws[i]!, { evidence: 'bench' }).view ? 1 : 0; };
  const all = [...evtxRaw, ...archiveRaw];
  const viaNormalised = new PackedBatchEncoder();
  const fromRaw = new PackedBatchEncoder();
  const packAll = (encoder: PackedBatchEncoder, add: (raw: RawEvent) => void) => {
    for (let i = 0; i < all.length; i++) {
      add(all[i]!);
      if (encoder.events >= BATCH) sink += encoder.take().batch.text.length;
    }
    sink += encoder.take().batch.text.length;
  };
  for (let p = 0; p < PASSES + 1; p++) {
    const parse = cpuMs(() => parseAll(evtx, () => { sink++; }));
    const n1 = cpuMs(() => normaliseAll(evtxRaw));
    const n2 = cpuMs(() => normaliseAll(archiveRaw));
    const k1 = cpuMs(() => packAll(viaNormalised, (raw) => viaNormalised.add(normaliseEvent(raw, { evidence: 'bench' }))));
    const k2 = cpuMs(() => packAll(fromRaw, (raw) => fromRaw.addRaw(raw, 'bench')));
    if (p === 0) continue; // warm-up
    rows.parse!.push(parse);
    rows.evtx!.push(n1);
    rows.archive!.push(n2);
    rows.packNormalised!.push(k1);
    rows.packRaw!.push(k2);
  }
  if (sink < 0) throw new Error('unreachable');
  const us = (ms: number, n: number) => (n === 0 ? '–' : ((ms * 1000) / n).toFixed(2));
  const [p, e, a, k1, k2] = [median(rows.parse!), median(rows.evtx!), median(rows.archive!), median(rows.packNormalised!), median(rows.packRaw!)];
  return [
    '| work | events | CPU ms per pass (median) | µs per event | beside the EVTX parse |',
    '|---|---:|---:|---:|---:|',
    `| EVTX parse + render to raw events (${evtx.length} files) | ${evtxRaw.length} | ${p.toFixed(0)} | ${us(p, evtxRaw.length)} | 1.00× |`,
    `| normalise those raw events | ${evtxRaw.length} | ${e.toFixed(0)} | ${us(e, evtxRaw.length)} | ${(e / p).toFixed(2)}× |`,
    `| normalise the archives' events (JSON lines) | ${archiveRaw.length} | ${a.toFixed(0)} | ${us(a, archiveRaw.length)} | – |`,
    `| all of them normalised, then packed (\`add\`) | ${all.length} | ${k1.toFixed(0)} | ${us(k1, all.length)} | – |`,
    `| all of them packed from the raw event (\`addRaw\`, the worker's way) | ${all.length} | ${k2.toFixed(0)} | ${us(k2, all.length)} | ${(k2 / k1).toFixed(2)}× of \`add\` |`,
  ].join('\n');
}

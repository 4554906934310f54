/**
 * Worker → main event batches (issue 21): the batches real reads make, sent as the workers sent
 * them before (a structured-clone copy: `structuredClone`, the serialiser `postMessage` uses) and
 * as they are sent now (packed, src-main/evidence-reading/packed-batch-*.ts), in one process, the
 * same batches side by side, interleaved rounds: CPU per event to encode (the worker's share) and
 * to decode (the main thread's), bytes per event. Each round reads its files again, so the strings
 * are new objects whose hashes V8 has not computed yet, as in a worker (encoding the same batches
 * again would find every hash cached). The last row is the whole corpus, one encoder per file as a
 * worker's stream has.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import type { PackedBatch } from '../../src-main/evidence-reading/packed-batch-format';
import { walkEvidenceFolder } from '../../src-main/evidence-reading/folder-walk';
import { parseEvidenceFile } from '../../src-main/evidence-reading/parse-file';
import { sniffFormat } from '../../src-main/ingest/sniff';
import type { NormalisedEvent } from '../../src-main/model/event';

const FILES = [
  'dfir-artifact-museum/Win2012R2/StolenSzechuan/System.evtx',
  'dfir-artifact-museum/Win2012R2/StolenSzechuan/Security.evtx',
  'dfir-artifact-museum/Win10/APTSimulatorVM/Microsoft-Windows-Sysmon%4Operational.evtx',
  'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip',
];
const ROUNDS = 7;
const CORPUS_ROUNDS = 5;

const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function batchesOf(absPath: string): Promise<NormalisedEvent[][]> {
  const batches: NormalisedEvent[][] = [];
  const format = sniffFormat(readFileSync(absPath).subarray(0, 4096));
  await parseEvidenceFile({ absPath, relPath: path.basename(absPath), format }, { batch: async (b) => { batches.push(b); }, progress: () => {}, isCancelled: () => false });
  return batches;
}

interface Row { file: string; events: number; clone: [number, number, number]; packed: [number, number, number] }

/** The files' batches read afresh, one list per file (a worker's stream). */
async function readAll(absPaths: readonly string[]): Promise<NormalisedEvent[][][]> {
  const out: NormalisedEvent[][][] = [];
  for (const p of absPaths) out.push(await batchesOf(p));
  return out;
}

async function benchFiles(label: string, absPaths: readonly string[], rounds: number): Promise<Row> {
  const t = { cloneEnc: [] as number[], cloneDec: [] as number[], packEnc: [] as number[], packDec: [] as number[] };
  let events = 0;
  let cloneBytes = 0;
  let packedBytes = 0;
  for (let r = 0; r < rounds; r++) {
    const streams = await readAll(absPaths);
    const batches = streams.flat();
    events = batches.reduce((n, b) => n + b.length, 0);
    // Packed first: structured clone never hashes a string, so it leaves packing nothing cached.
    let t0 = cpuMs();
    const packed: PackedBatch[] = [];
    for (const stream of streams) {
      const encoder = new PackedBatchEncoder();
      for (const b of stream) packed.push(encoder.encode(b).batch);
    }
    t.packEnc.push(cpuMs() - t0);
    t0 = cpuMs();
    for (const p of packed) decodePackedBatch(p);
    t.packDec.push(cpuMs() - t0);
    packedBytes = packed.reduce((n, p) => n + p.words.byteLength + p.floats.byteLength + 2 * p.text.length, 0);
    t0 = cpuMs();
    const serialised = batches.map((b) => v8.serialize(b));
    t.cloneEnc.push(cpuMs() - t0);
    t0 = cpuMs();
    for (const s of serialised) v8.deserialize(s);
    t.cloneDec.push(cpuMs() - t0);
    cloneBytes = serialised.reduce((n, s) => n + s.length, 0);
  }
  const perEvent = (ms: number[]) => (median(ms) * 1000) / events;
  return {
    file: label, events,
    clone: [perEvent(t.cloneEnc), perEvent(t.cloneDec), cloneBytes / events],
    packed: [perEvent(t.packEnc), perEvent(t.packDec), packedBytes / events],
  };
}

export async function runTransportBench(evidenceDir: string, log: (s: string) => void = () => {}): Promise<string> {
  const lines = [
    'Per event: CPU µs to encode (worker) and decode (main), bytes sent; structured clone (before) beside packed (now); median of ' + `${ROUNDS} rounds (the corpus: ${CORPUS_ROUNDS}), each reading its files again.`,
    '',
    '| file | events | clone enc / dec µs | packed enc / dec µs | × clone (enc, dec) | bytes clone / packed |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const { files } = await walkEvidenceFolder(evidenceDir);
  const rows: [string, string[], number][] = [
    ...FILES.map((rel): [string, string[], number] => [path.basename(rel), [path.join(evidenceDir, rel)], ROUNDS]),
    [`whole corpus (${files.length} files)`, files.map((f) => path.join(evidenceDir, f.path)), CORPUS_ROUNDS],
  ];
  for (const [label, absPaths, rounds] of rows) {
    log(`transport ${label}`);
    const r = await benchFiles(label, absPaths, rounds);
    const f = (x: number) => x.toFixed(2);
    lines.push(`| ${r.file} | ${r.events} | ${f(r.clone[0])} / ${f(r.clone[1])} | ${f(r.packed[0])} / ${f(r.packed[1])} | ${(r.clone[0] / r.packed[0]).toFixed(1)}, ${(r.clone[1] / r.packed[1]).toFixed(1)} | ${r.clone[2].toFixed(0)} / ${r.packed[2].toFixed(0)} |`);
  }
  return lines.join('\n');
}

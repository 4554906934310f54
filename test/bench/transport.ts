/**
 * Worker → main event batches (issue 21): the batches real reads make, sent as the workers sent
 * them before (a structured-clone copy: `structuredClone`, the serialiser `postMessage` uses) and
 * as they are sent now (packed, src-main/evidence-reading/packed-batch-*.ts), in one process, the
 * same batches side by side, interleaved rounds: CPU per event to encode (the worker's share) and
 * to decode (the main thread's), bytes per event.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import type { PackedBatch } from '../../src-main/evidence-reading/packed-batch-format';
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

const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function batchesOf(absPath: string): Promise<NormalisedEvent[][]> {
  const batches: NormalisedEvent[][] = [];
  const format = sniffFormat(readFileSync(absPath).subarray(0, 4096));
  await parseEvidenceFile({ absPath, relPath: path.basename(absPath), format }, { batch: async (b) => { batches.push(b); }, progress: () => {}, isCancelled: () => false });
  return batches;
}

interface Row { file: string; events: number; clone: [number, number, number]; packed: [number, number, number] }

async function benchFile(absPath: string): Promise<Row> {
  const batches = await batchesOf(absPath);
  const events = batches.reduce((n, b) => n + b.length, 0);
  const encoder = new PackedBatchEncoder();
  const t = { cloneEnc: [] as number[], cloneDec: [] as number[], packEnc: [] as number[], packDec: [] as number[] };
  let cloneBytes = 0;
  let packedBytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = cpuMs();
    const serialised = batches.map((b) => v8.serialize(b));
    t.cloneEnc.push(cpuMs() - t0);
    t0 = cpuMs();
    for (const s of serialised) v8.deserialize(s);
    t.cloneDec.push(cpuMs() - t0);
    cloneBytes = serialised.reduce((n, s) => n + s.length, 0);
    t0 = cpuMs();
    const packed: PackedBatch[] = batches.map((b) => encoder.encode(b).batch);
    t.packEnc.push(cpuMs() - t0);
    t0 = cpuMs();
    for (const p of packed) decodePackedBatch(p);
    t.packDec.push(cpuMs() - t0);
    packedBytes = packed.reduce((n, p) => n + p.words.byteLength + p.floats.byteLength + 2 * p.text.length, 0);
  }
  const perEvent = (ms: number[]) => (median(ms) * 1000) / events;
  return {
    file: path.basename(absPath), events,
    clone: [perEvent(t.cloneEnc), perEvent(t.cloneDec), cloneBytes / events],
    packed: [perEvent(t.packEnc), perEvent(t.packDec), packedBytes / events],
  };
}

export async function runTransportBench(evidenceDir: string, log: (s: string) => void = () => {}): Promise<string> {
  const lines = [
    'Per event: CPU µs to encode (worker) and decode (main), bytes sent; structured clone (before) beside packed (now); median of ' + `${ROUNDS} interleaved rounds.`,
    '',
    '| file | events | clone enc / dec µs | packed enc / dec µs | × clone (enc, dec) | bytes clone / packed |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const rel of FILES) {
    log(`transport ${rel}`);
    const r = await benchFile(path.join(evidenceDir, rel));
    const f = (x: number) => x.toFixed(2);
    lines.push(`| ${r.file} | ${r.events} | ${f(r.clone[0])} / ${f(r.clone[1])} | ${f(r.packed[0])} / ${f(r.packed[1])} | ${(r.clone[0] / r.packed[0]).toFixed(1)}, ${(r.clone[1] / r.packed[1]).toFixed(1)} | ${r.clone[2].toFixed(0)} / ${r.packed[2].toFixed(0)} |`);
  }
  return lines.join('\n');
}

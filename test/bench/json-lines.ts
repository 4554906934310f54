/**
 * JSON-lines reader benchmark: the largest JSON-lines archive member of a folder (the shared
 * corpus: the OTRF zip's 15 MB member), inflated once, then read by our reader
 * (`JsonEventReader`: decode, split, parse, shape to raw events) in the archive's 256 KiB chunks,
 * beside the floor of any JSON-lines reader in JavaScript (each line found in the bytes, decoded
 * and given to `JSON.parse`), alternated in one process, medians.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { JsonEventReader } from '../../src-main/ingest/json/index';
import { sniffFormat } from '../../src-main/ingest/sniff';
import { ZipArchive, bytesSource } from '../../src-main/ingest/zip/index';

/** Bytes per chunk, as the zip inflater hands them out (ingest/zip/inflate-raw.ts). */
const CHUNK = 256 * 1024;

function zipsBelow(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...zipsBelow(p));
    else if (name.toLowerCase().endsWith('.zip')) out.push(p);
  }
  return out;
}

async function memberBytes(zip: string): Promise<{ label: string; bytes: Uint8Array }[]> {
  const buf = new Uint8Array(readFileSync(zip));
  const archive = await ZipArchive.open(bytesSource(buf), { label: path.basename(zip) });
  const out: { label: string; bytes: Uint8Array }[] = [];
  for (const entry of archive.files) {
    const parts: Uint8Array[] = [];
    for await (const c of archive.stream(entry)) parts.push(c.slice());
    out.push({ label: entry.label, bytes: Buffer.concat(parts) });
  }
  return out;
}

function ours(bytes: Uint8Array): number {
  const r = new JsonEventReader({ mode: 'jsonl' });
  let n = 0;
  for (let at = 0; at < bytes.length; at += CHUNK) n += r.pushBytes(bytes.subarray(at, at + CHUNK)).length;
  return n + r.end().length;
}

function floor(bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let n = 0;
  for (let at = 0; at < b.length;) {
    let nl = b.indexOf(10, at);
    if (nl < 0) nl = b.length;
    if (nl > at + 1) { JSON.parse(b.toString('utf8', at, nl)); n++; }
    at = nl + 1;
  }
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function benchJsonLines(dir: string, runs = 9): Promise<string> {
  let best: { label: string; bytes: Uint8Array } | null = null;
  for (const zip of zipsBelow(dir)) {
    for (const m of await memberBytes(zip)) {
      if (sniffFormat(m.bytes.subarray(0, 65536)) === 'jsonl' && (!best || m.bytes.length > best.bytes.length)) best = m;
    }
  }
  if (!best) return `No JSON-lines archive member under ${dir}.`;
  const times = { ours: [] as number[], floor: [] as number[] };
  let events = 0;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    events = ours(best.bytes);
    times.ours.push(performance.now() - t);
    t = performance.now();
    floor(best.bytes);
    times.floor.push(performance.now() - t);
  }
  const mb = best.bytes.length / 1e6;
  const row = (label: string, ms: number) => `| ${label} | ${ms.toFixed(0)} | ${(mb / (ms / 1000)).toFixed(0)} | ${(ms / median(times.floor)).toFixed(2)} |`;
  return [
    `JSON lines: ${best.label} (${mb.toFixed(1)} MB, ${events.toLocaleString('en-US')} events), inflated once, read ${runs} times alternately in one process (medians).`,
    '', '| reader | ms | MB/s | time ÷ the floor\'s |', '|---|---|---|---|',
    row('ours: decode, split, parse and shape to raw events, in 256 KiB chunks', median(times.ours)),
    row('floor: each line found in the bytes, decoded, `JSON.parse`', median(times.floor)),
  ].join('\n');
}

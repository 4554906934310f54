/**
 * evtx-dump in worker threads (src-main/worker/parallel-dump.ts): the same bytes and summary as
 * the in-process read, in slot order, with any number of workers; stops when the writer says so;
 * a file that is not EVTX fails before any output. The CLI's `--workers` gives the same output.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvtxSummary } from '../../src-main/ingest/evtx/index';
import { chunkText, type DumpOptions } from '../../src-main/evidence-reading/dump-text';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { DUMP_SLOTS_PER_RANGE, dumpInWorkers, dumpWorkersFor } from '../../src-main/evidence-reading/parallel-dump';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

const DEMO_SYSMON = path.join(REPO_ROOT, 'assets', 'demo-evidence', 'WS-FIN-07', 'Microsoft-Windows-Sysmon%4Operational.evtx');
const HEADER = 4096;
const SLOT = 65536;

/**
 * A file of several dump ranges: the demo Sysmon log's header and its chunk slots repeated
 * `copies` times (records repeat; the reader visits every slot to EOF whatever the header says),
 * with one slot of garbage in the middle (a damaged chunk: an error in the summary).
 */
function bigFile(copies: number): string {
  const src = readFileSync(DEMO_SYSMON);
  const slots = src.subarray(HEADER);
  const parts: Uint8Array[] = [src.subarray(0, HEADER)];
  for (let i = 0; i < copies; i++) {
    parts.push(slots);
    if (i === copies >> 1) parts.push(new Uint8Array(SLOT).fill(0x41));
  }
  const root = tempEvidenceFolder({});
  const file = path.join(root, 'big.evtx');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

async function inProcess(file: string, opts: DumpOptions): Promise<{ text: string; summary: EvtxSummary }> {
  let text = '';
  const { summary } = await readEvtxFile(file, { xml: opts.xml, objects: !opts.xml, recover: opts.recover, onChunk: (r) => { text += chunkText(r, opts); } });
  return { text, summary };
}

async function inWorkers(file: string, opts: DumpOptions, workers: number): Promise<{ text: string; summary: EvtxSummary }> {
  const parts: Buffer[] = [];
  const summary = await dumpInWorkers(file, opts, workers, async (b) => { parts.push(Buffer.from(b)); return true; });
  return { text: Buffer.concat(parts).toString('utf8'), summary };
}

describe('dumpInWorkers', () => {
  const file = bigFile(9); // 9 × 7 slots + 1 = 64 slots: four ranges

  it('writes the bytes and the summary of the in-process read, with 2 and 3 workers, JSON and XML', async () => {
    for (const opts of [{ xml: false, recover: true }, { xml: true, recover: true }]) {
      const expected = await inProcess(file, opts);
      expect(expected.summary.chunkErrors.length + expected.summary.errors.length).toBeGreaterThan(0);
      expect(expected.text.split('\n').length).toBeGreaterThan(9 * 400);
      for (const workers of [2, 3]) {
        const got = await inWorkers(file, opts, workers);
        expect(got.summary).toEqual(expected.summary);
        expect(got.text === expected.text).toBe(true);
      }
    }
  }, 180_000);

  it('stops when the writer refuses more, and fails on a file that is not EVTX before writing anything', async () => {
    let writes = 0;
    await dumpInWorkers(file, { xml: false, recover: false }, 2, async () => ++writes < 2);
    expect(writes).toBe(2);
    const root = tempEvidenceFolder({ 'not.evtx': new Uint8Array(200_000).fill(7) });
    let wrote = false;
    await expect(dumpInWorkers(path.join(root, 'not.evtx'), { xml: false, recover: false }, 2, async () => (wrote = true))).rejects.toThrow();
    expect(wrote).toBe(false);
  }, 120_000);

  it('uses one thread unless asked, and never more than one per range', () => {
    expect(dumpWorkersFor(1000)).toBe(1);
    expect(dumpWorkersFor(1000, 2)).toBe(2);
    expect(dumpWorkersFor(DUMP_SLOTS_PER_RANGE, 4)).toBe(1);
    expect(dumpWorkersFor(0, 4)).toBe(1);
  });
});

describe('evtx-dump --workers', () => {
  const cli = path.join(REPO_ROOT, 'src-main/cli/evtx-dump.ts');
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

  it('prints the same records and summary with two workers as in one thread; refuses a bad count', () => {
    const file = bigFile(5);
    const one = run(file, '--workers', '1');
    const two = run(file, '--workers', '2');
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(100_000);
    expect(two.stdout === one.stdout).toBe(true);
    expect(two.stderr).toBe(one.stderr);
    const bad = run(file, '--workers', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--workers takes a whole number/);
  }, 180_000);
});

/**
 * settleDetachProtector (src-main/evidence-reading/detach-protector.ts): after it, detaching an
 * ArrayBuffer no longer deoptimises a function that reads a typed array; without it, it does (the
 * premise: V8's array buffer detaching protector). Probed in a child Node process with V8's
 * natives syntax, which a test process does not have. And both worker entries that transfer
 * buffers call it before they read anything.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

const MODULE = path.join(REPO_ROOT, 'src-main', 'evidence-reading', 'detach-protector.ts');

/** Optimises a typed-array reader, detaches a buffer, and says whether the reader stayed optimised (V8's status bit 16: TurboFan code). */
const PROBE = `
const { settleDetachProtector } = await import(process.env.PROBE_MODULE);
if (process.env.PROBE_SETTLE === '1') settleDetachProtector();
function sum(a) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; }
const data = new Uint8Array(1024).fill(1);
%PrepareFunctionForOptimization(sum);
sum(data); sum(data);
%OptimizeFunctionOnNextCall(sum);
sum(data);
const before = (%GetOptimizationStatus(sum) & 16) !== 0;
const detached = new ArrayBuffer(8);
structuredClone(detached, { transfer: [detached] });
const after = (%GetOptimizationStatus(sum) & 16) !== 0;
console.log(JSON.stringify({ before, after, sum: sum(data) }));
`;

function probe(settle: boolean): { before: boolean; after: boolean; sum: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'detach-protector-'));
  try {
    const file = path.join(dir, 'probe.mjs');
    writeFileSync(file, PROBE);
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', file], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PROBE_MODULE: MODULE, PROBE_SETTLE: settle ? '1' : '0' },
    });
    return JSON.parse(out.trim().split('\n').pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('settleDetachProtector', () => {
  it('without it, the first detached buffer deoptimises an optimised typed-array reader', () => {
    expect(probe(false)).toEqual({ before: true, after: false, sum: 1024 });
  }, 30_000);

  it('after it, a detached buffer leaves the reader optimised', () => {
    expect(probe(true)).toEqual({ before: true, after: true, sum: 1024 });
  }, 30_000);

  it.each(['ingest.worker.ts', 'dump.worker.ts'])('%s calls it first thing, before it handles a message', (entry) => {
    const src = readFileSync(path.join(REPO_ROOT, 'src-main', 'evidence-reading', entry), 'utf8');
    const call = src.indexOf('settleDetachProtector();');
    expect(call).toBeGreaterThan(src.indexOf('if (parentPort) {'));
    expect(call).toBeLessThan(src.indexOf("port.on('message'"));
  });
});

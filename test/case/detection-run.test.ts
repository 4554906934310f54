/**
 * triageCase: the read, the detections and the detail pass over the bundled demo evidence. A pool
 * handed in by the caller carries both passes (so the detail pass runs in warm workers) and is
 * left open for the caller.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { triageCase } from '../../src-main/case/detection-run';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../src-main/case/triage-rules';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { buildTriageDocument } from '../../src-main/case/triage-document';
import { findingsCsvLines } from '../../src-main/output/findings-csv';
import { REPO_ROOT } from '../helpers/paths';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('triageCase', () => {
  it('runs the read and the detail pass in the pool it is given and leaves that pool open', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    const kinds: string[] = [];
    const scanned: string[] = [];
    const parsed: string[] = [];
    const run = pool.run.bind(pool);
    pool.run = ((item, ...rest) => {
      kinds.push(item.kind);
      if (item.kind === 'scan-file') scanned.push(item.relPath);
      if (item.kind === 'scan-files') scanned.push(...item.files.map((f) => f.relPath));
      if (item.kind === 'parse-file') parsed.push(item.relPath);
      if (item.kind === 'parse-files') parsed.push(...item.items.map((f) => f.relPath));
      return run(item, ...rest);
    }) as typeof pool.run;
    try {
      const { scan } = await triageCase(DEMO, { jobId: 'shared-pool', pool });
      const files = scan.evidence.length;
      expect(files).toBeGreaterThan(0);
      expect(scan.findings.length).toBeGreaterThan(0);
      // Every file hashed once (small ones several to an item), every event file parsed once,
      // then again for the findings' pivot events.
      expect(scanned.sort()).toEqual(scan.evidence.map((e) => e.path).sort());
      expect(kinds.filter((k) => k === 'scan-file' || k === 'scan-files').length).toBeLessThan(files);
      const parses = parsed.length;
      const eventFiles = scan.evidence.filter((e) => e.records !== null).length;
      expect(parses).toBeGreaterThan(eventFiles);
      // The detail pass filled the pivot events' fields from that second pass.
      const withFields = scan.findings.flatMap((f) => f.pivots.timeline).filter((e) => Object.keys(e.fields).length > 0);
      expect(withFields.length).toBeGreaterThan(0);
      // Still open: the caller's pool takes more work.
      const again = await pool.run({ kind: 'scan-file', absPath: path.join(DEMO, scan.evidence[0]!.path), relPath: scan.evidence[0]!.path });
      expect(again.sha256).toBe(scan.evidence[0]!.sha256);
    } finally {
      await pool.close();
    }
  });

  // The load runs on this thread: it starts only once the workers have work (the hash items), so
  // they never wait for it to begin; it then overlaps the hashing and reading.
  it('calls a rules loader once, after the hash items reached the workers, with the same result as rules loaded before', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
      const eager = await triageCase(DEMO, { jobId: 'eager', pool, rules });
      const order: string[] = [];
      const run = pool.run.bind(pool);
      pool.run = ((item, ...rest) => { order.push(item.kind); return run(item, ...rest); }) as typeof pool.run;
      let calls = 0;
      const lazy = await triageCase(DEMO, { jobId: 'lazy', pool, rules: () => { calls++; order.push('load'); return rules; } });
      expect(calls).toBe(1);
      const isHash = (k: string) => k === 'scan-file' || k === 'scan-files';
      const load = order.indexOf('load');
      expect(order.slice(0, load).filter(isHash).length).toBeGreaterThan(0);
      // Every hash item was handed to the pool before the load began.
      expect(order.slice(load).filter(isHash)).toEqual([]);
      // ... and it began before any read: it overlaps the hashing, this thread's idle time.
      expect(order.slice(0, load).filter((k) => k === 'parse-file' || k === 'parse-files')).toEqual([]);
      expect(lazy.scan.findings).toEqual(eager.scan.findings);
      expect(lazy.scan.ruleset).toEqual(eager.scan.ruleset);
      expect(lazy.detection.stats).toEqual(eager.detection.stats);
    } finally {
      await pool.close();
    }
  });

  // The CLI closes its pool from onPoolDone: the workers' teardown overlaps the findings' assembly.
  it('calls onPoolDone once, after the last item of the detail pass, and the pool closed there changes nothing', async () => {
    const rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
    const open = new WorkerPool(ingestWorkerScript(), 2);
    let reference;
    try {
      reference = await triageCase(DEMO, { jobId: 'kept-open', pool: open, rules });
    } finally {
      await open.close();
    }
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    const order: string[] = [];
    const run = pool.run.bind(pool);
    pool.run = ((item, ...rest) => { order.push(item.kind); return run(item, ...rest).finally(() => order.push(`${item.kind} done`)); }) as typeof pool.run;
    let closed: Promise<void> | null = null;
    try {
      const early = await triageCase(DEMO, { jobId: 'closed-early', pool, rules, onPoolDone: () => { order.push('pool done'); closed = pool.close(); } });
      expect(order.filter((k) => k === 'pool done')).toHaveLength(1);
      // Called once every item had ended, the detail pass's (parse items) last.
      expect(order.at(-1)).toBe('pool done');
      expect(order.at(-2)).toMatch(/^parse-files? done$/);
      const items = order.slice(0, -1);
      expect(items.filter((k) => k.endsWith(' done')).length).toBe(items.filter((k) => !k.endsWith(' done')).length);
      expect(pool.workerCount).toBe(0);
      expect(early.scan.findings).toEqual(reference.scan.findings);
      expect(early.scan.evidence).toEqual(reference.scan.evidence);
    } finally {
      await (closed ?? pool.close());
    }
  });

  // The CLI without --pdf: the JSON document, the CSV and the exports hold no pivot event's fields.
  it('skips the detail pass with details: false, and the JSON document\'s findings are the same', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      const rules = await loadTriageRules({}, DEFAULT_SIGMA_LOADER);
      let kinds: string[] = [];
      const run = pool.run.bind(pool);
      pool.run = ((item, ...rest) => { kinds.push(item.kind); return run(item, ...rest); }) as typeof pool.run;
      const parses = () => kinds.filter((k) => k === 'parse-file' || k === 'parse-files').length;
      const full = await triageCase(DEMO, { jobId: 'details', pool, rules });
      const withPass = parses();
      kinds = [];
      let readItems = -1;
      const bare = await triageCase(DEMO, { jobId: 'no-details', pool, rules, details: false, onPoolDone: () => { readItems = kinds.length; } });
      expect(readItems).toBe(kinds.length); // called after the read's last item, none after it
      expect(parses()).toBeGreaterThan(0);
      expect(parses()).toBeLessThan(withPass);
      expect(full.scan.findings.flatMap((f) => f.pivots.timeline).some((e) => Object.keys(e.fields).length > 0)).toBe(true);
      expect(bare.scan.findings.flatMap((f) => f.pivots.timeline).every((e) => Object.keys(e.fields).length === 0)).toBe(true);
      const doc = (r: typeof full) => buildTriageDocument(r, new Date(0));
      const { stats: s1, ...d1 } = doc(full);
      const { stats: s2, ...d2 } = doc(bare);
      expect(d2).toEqual(d1);
      expect({ ...s2, elapsed_ms: 0 }).toEqual({ ...s1, elapsed_ms: 0 });
      expect([...findingsCsvLines(bare.scan.findings)]).toEqual([...findingsCsvLines(full.scan.findings)]);
    } finally {
      await pool.close();
    }
  });

  it('fails the triage with the loader\'s error and leaves a given pool usable', async () => {
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      await expect(triageCase(DEMO, { jobId: 'bad-rules', pool, rules: async () => { throw new Error('rules unreadable'); } })).rejects.toThrow('rules unreadable');
      const { scan } = await triageCase(DEMO, { jobId: 'after', pool });
      expect(scan.findings.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });
});

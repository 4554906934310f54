/**
 * `npm run merge`: the demo triage split by host (and one collection split with an overlapping
 * finding) merges back to the demo triage's findings; hostile documents (and any contract violation) are refused one by one
 * with their reason while the others merge; outputs follow the output rule; the merged JSON
 * validates against the shared contract and the PDF is made by the report pipeline.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMerge } from '../../../src-main/cli/run-merge';
import { runTriage } from '../../../src-main/cli/run-triage';
import { MAX_DOCUMENT_BYTES } from '../../../src-main/merge/read-triage-document';
import { REPO_ROOT } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';

type Doc = { fingerprint: string; evidence: { path: string }[]; findings: Record<string, unknown>[]; merge?: Record<string, unknown>; stats: Record<string, number> } & Record<string, unknown>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const io = (out: string[] = [], err: string[] = []) => ({ out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: tmp });
const write = (name: string, v: unknown) => { writeFileSync(path.join(tmp, name), typeof v === 'string' ? v : JSON.stringify(v)); return name; };
const read = (name: string): Doc => JSON.parse(readFileSync(path.join(tmp, name), 'utf8')) as Doc;
let demo: Doc;

/** What a responder compares, per finding_id. */
function view(findings: Record<string, unknown>[]) {
  return Object.fromEntries(findings.map((f) => [f.finding_id, {
    rule_id: f.rule_id, dest: f.dest, count: f.count, firstTime: f.firstTime, lastTime: f.lastTime, risk_score: f.risk_score, suppressed: f.suppressed,
    events: (f.events as { evidence: string; record_id: number }[]).map((e) => `${e.evidence}#${e.record_id}`).sort(),
  }]));
}

/** Part of the demo document: the evidence under `prefix` and the findings whose events all lie there. */
function part(prefix: string, extra: (p: string) => boolean = () => false): Doc {
  const inside = (p: string) => p.startsWith(prefix) || extra(p);
  return {
    ...demo, fingerprint: createHash('sha256').update(prefix).digest('hex'), evidence: demo.evidence.filter((e) => inside(e.path)),
    findings: demo.findings.filter((f) => (f.events as { evidence: string }[]).every((e) => inside(e.evidence))),
  };
}

beforeAll(async () => {
  const err: string[] = [];
  expect(await runTriage(['--json', path.join(tmp, 'demo.json'), '--quiet'], { ...io([], err), cwd: REPO_ROOT }), err.join('\n')).toBe(0);
  demo = read('demo.json');
}, 180_000);

describe('merge', () => {
  it('the demo triage split by host merges back to the demo triage’s findings, evidence listed with its document', async () => {
    const names = ['DC01/', 'WS-FIN-07/', 'WS-HR-02/'].map((h, i) => write(`host${i}.json`, part(h, (p) => i === 0 && !p.includes('/'))));
    expect(names.map((n) => read(n).findings.length).reduce((a, b) => a + b)).toBe(demo.findings.length);
    const out: string[] = [];
    expect(await runMerge([...names, '--json', 'merged.json', '--csv', 'merged.csv', '--quiet'], io(out))).toBe(0);
    const merged = read('merged.json');
    expect(view(merged.findings)).toEqual(view(demo.findings));
    expect(merged.findings.map((f) => f.finding_id)).toEqual(demo.findings.map((f) => f.finding_id));
    expect(merged.evidence.map((e) => e.path).sort()).toEqual(demo.evidence.map((e) => e.path).sort());
    expect(merged.evidence.find((e) => e.path.startsWith('WS-HR-02/'))).toMatchObject({ source_document: 'host2.json' });
    const { elapsed_ms: _a, ...stats } = merged.stats;
    const { elapsed_ms: _b, ...demoStats } = demo.stats;
    expect(stats).toEqual(demoStats);
    expect((merged.merge as { refused: unknown[] }).refused).toEqual([]);
    const csv = readFileSync(path.join(tmp, 'merged.csv'), 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(demo.findings.length + 1);
    expect(csv[0]).toContain('source_documents');
  });

  it('triages of each host’s subfolder merge to the whole demo triage’s findings (same ids, hosts, counts, times, risk, records)', async () => {
    const names: string[] = [];
    for (const host of ['DC01', 'WS-FIN-07', 'WS-HR-02']) {
      const err: string[] = [];
      expect(await runTriage([path.join(REPO_ROOT, 'assets/demo-evidence', host), '--json', path.join(tmp, `${host}.json`), '--quiet'], { ...io([], err), cwd: REPO_ROOT }), err.join('\n')).toBe(0);
      names.push(`${host}.json`);
    }
    expect(await runMerge([...names, '--json', 'hosts.json', '--quiet'], io())).toBe(0);
    // The files are named from each host's folder here: compare the records, not their paths.
    const records = (fs: Record<string, unknown>[]) => Object.fromEntries(Object.entries(view(fs)).map(([id, v]) => [id, { ...(v as Record<string, unknown>), events: undefined, records: (fs.find((f) => f.finding_id === id)!.events as { record_id: number; time: string }[]).map((e) => `${e.record_id}@${e.time}`).sort() }]));
    expect(records(read('hosts.json').findings)).toEqual(records(demo.findings));
  }, 180_000);

  it('a collection split with an overlapping finding: the same finding in two documents becomes one with the union of its events', async () => {
    const big = demo.findings.find((f) => (f.events as unknown[]).length >= 4)!;
    const events = big.events as { time: string }[];
    const copy = (from: number, to: number) => ({ ...big, events: events.slice(from, to), count: to - from, firstTime: events[from]!.time, lastTime: events[to - 1]!.time });
    const a = write('split-a.json', { ...demo, fingerprint: 'a'.repeat(64), findings: [copy(0, 3)] });
    const b = write('split-b.json', { ...demo, fingerprint: 'b'.repeat(64), findings: [copy(2, events.length)] });
    expect(await runMerge([a, b, '--json', 'split.json', '--quiet'], io())).toBe(0);
    const merged = read('split.json');
    expect(view(merged.findings)).toEqual(view([big]));
    expect(merged.findings[0]).toMatchObject({ count_basis: 'distinct_events', source_documents: [a, b] });
    expect((merged.merge as { duplicate_findings: number }).duplicate_findings).toBe(1);
  });

  it('the same document twice: findings folded, evidence listed once', async () => {
    expect(await runMerge(['demo.json', 'demo.json', '--json', 'twice.json', '--quiet'], io())).toBe(0);
    const merged = read('twice.json');
    expect(view(merged.findings)).toEqual(view(demo.findings));
    expect(merged.evidence).toHaveLength(demo.evidence.length);
    expect((merged.merge as { documents: { duplicate_of?: string }[] }).documents[1]!.duplicate_of).toBe('demo.json');
  });

  it('conflicting analyst notes: both kept with their documents, the latest as triage; the PDF prints the case', async () => {
    const f = demo.findings[0]!;
    const a = write('note-a.json', { ...demo, fingerprint: 'c'.repeat(64), findings: [{ ...f, triage: { status: 'confirmed', note: 'implant on FIN-07', by: 'alice', at: '2026-12-01T10:00:00Z' } }] });
    const b = write('note-b.json', { ...demo, fingerprint: 'd'.repeat(64), findings: [{ ...f, triage: { status: 'false_positive', note: 'IT script', by: 'bob', at: '2026-12-01T11:00:00Z' } }] });
    expect(await runMerge([a, b, '--json', 'notes.json', '--pdf', 'notes.pdf', '--quiet'], io())).toBe(0);
    const merged = read('notes.json').findings[0]!;
    expect(merged.triage).toEqual({ status: 'false_positive', note: 'IT script', by: 'bob', at: '2026-12-01T11:00:00Z', source_document: b });
    expect(merged.triage_conflicts).toEqual([
      { status: 'confirmed', note: 'implant on FIN-07', by: 'alice', at: '2026-12-01T10:00:00Z', source_document: a },
      { status: 'false_positive', note: 'IT script', by: 'bob', at: '2026-12-01T11:00:00Z', source_document: b },
    ]);
    expect(readFileSync(path.join(tmp, 'notes.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // A merge of merges keeps the conflict.
    expect(await runMerge(['notes.json', '--json', 'notes2.json', '--quiet'], io())).toBe(0);
    expect(read('notes2.json').findings[0]!.triage_conflicts).toEqual(merged.triage_conflicts);
  }, 120_000);

  it('hostile documents (and any contract violation) are refused one by one with their reason; the others merge', async () => {
    const f0 = demo.findings[0]!;
    const hostile: Record<string, [string, RegExp]> = {
      'not-json.json': [write('not-json.json', '{"tool": '), /not valid JSON/],
      'array.json': [write('array.json', '[1,2]'), /top level is not a JSON object/],
      'deep.json': [write('deep.json', '['.repeat(200_000) + ']'.repeat(200_000)), /not valid JSON|not a JSON object/],
      'other-tool.json': [write('other-tool.json', { ...demo, tool: { name: 'chainsaw', version: '2.0' } }), /tool.name is not evtx-triage/],
      'app-export.json': [write('app-export.json', { kind: 'evtx-triage-findings', version: 1, findings: [] }), /app findings export/],
      'newer.json': [write('newer.json', { ...demo, tool: { name: 'evtx-triage', version: '99.0.0' } }), /newer major version/],
      'bad-count.json': [write('bad-count.json', { ...demo, findings: [{ ...f0, count: 'many' }] }), /findings\[0\]\.count must be a whole number/],
      'no-id.json': [write('no-id.json', { ...demo, findings: [{ ...f0, finding_id: undefined }] }), /findings\[0\]\.finding_id must be text/],
      'bad-hash.json': [write('bad-hash.json', { ...demo, evidence: [{ ...demo.evidence[0], sha256: 'zz' }] }), /evidence\[0\]\.sha256/],
      'bad-level.json': [write('bad-level.json', { ...demo, findings: [{ ...f0, level: 'apocalyptic' }] }), /findings\[0\]\.level must be one of/],
      'bad-time.json': [write('bad-time.json', { ...demo, findings: [{ ...f0, firstTime: 'Dec 5 2026' }] }), /findings\[0\]\.firstTime must be an RFC 3339 date-time/],
      'bad-pivot.json': [write('bad-pivot.json', { ...demo, findings: [{ ...f0, pivots: { dll_created_by: [{ process_name: 1 }], dll_loaded_by: [] } }] }), /pivots\.dll_created_by\[0\]/],
      'bad-status.json': [write('bad-status.json', { ...demo, findings: [{ ...f0, triage: { status: 'pwned', note: '' } }] }), /triage\.status must be one of/],
    };
    mkdirSync(path.join(tmp, 'folder.json'));
    hostile['folder.json'] = ['folder.json', /is a folder/];
    writeFileSync(path.join(tmp, 'huge.json'), '');
    truncateSync(path.join(tmp, 'huge.json'), MAX_DOCUMENT_BYTES + 1);
    hostile['huge.json'] = ['huge.json', /over the 256 MiB/];
    const err: string[] = [];
    expect(await runMerge([...Object.values(hostile).map(([n]) => n), 'demo.json', '--json', 'hostile.json', '--quiet'], io([], err))).toBe(0);
    const merged = read('hostile.json');
    expect(view(merged.findings)).toEqual(view(demo.findings));
    const refused = (merged.merge as { refused: { document: string; reason: string }[] }).refused;
    expect(refused.map((r) => r.document).sort()).toEqual(Object.keys(hostile).sort());
    for (const [name, [, reason]] of Object.entries(hostile)) expect(refused.find((r) => r.document === name)!.reason, name).toMatch(reason);
    expect(err.filter((l) => l.startsWith('merge: refused'))).toHaveLength(Object.keys(hostile).length);
    expect(await runMerge(['array.json', 'not-json.json', '--json', 'none.json'], io())).toBe(1);
  });

  it('outputs: never an input, never inside the evidence, at least one; usage errors exit 2', async () => {
    const err: string[] = [];
    expect(await runMerge(['demo.json', '--json', 'demo.json'], io([], err))).toBe(1);
    expect(err.join('\n')).toMatch(/one of the documents being merged/);
    expect(read('demo.json').findings).toHaveLength(demo.findings.length);
    expect(await runMerge(['demo.json', '--json', path.join(REPO_ROOT, 'assets/demo-evidence/m.json')], io())).toBe(1);
    expect(await runMerge(['demo.json'], io())).toBe(2);
    expect(await runMerge(['--json', 'x.json'], io())).toBe(2);
    expect(await runMerge(['demo.json', '--json', 'a.json', '--csv', 'a.json'], io())).toBe(2);
    expect(await runMerge(['demo.json', '--json'], io())).toBe(2);
  });
});

describe.skipIf(requires('contracts'))('merge output against the shared contract', () => {
  it('the merged document validates', async () => {
    const validate = triageOutputValidator();
    for (const name of ['merged.json', 'split.json', 'notes.json']) {
      const ok = validate(read(name));
      expect(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});

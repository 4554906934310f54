/**
 * Importing a triage JSON document as a read-only case (case/import-document.ts through the handler):
 * the path only ever comes from the dialog; hostile documents are refused with their reason; the
 * demo triage document (made here by the CLI) round-trips to the same findings.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { ApiError } from '../../src-main/shared/errors';
import { validateArgs } from '../../src-main/api/validate-args';
import { IMPORTED_CASE_KEY_PREFIX } from '../../src-main/shared/contract-import';
import { runTriage } from '../../src-main/cli/run-triage';
import { runMerge } from '../../src-main/cli/run-merge';
import { MAX_DOCUMENT_BYTES } from '../../src-main/merge/read-triage-document';
import { REPO_ROOT } from '../helpers/paths';

type Doc = { fingerprint: string; tool: { name: string; version: string }; findings: Record<string, unknown>[]; evidence: Record<string, unknown>[] } & Record<string, unknown>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'import-doc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, v: unknown) => { const f = path.join(tmp, name); writeFileSync(f, typeof v === 'string' ? v : JSON.stringify(v)); return f; };
let demo: Doc;
let demoFile: string;

/** The handler with its dialog answering `picked`. */
const importer = (picked: string | null) => createHandlers({
  roots: new GrantedRoots(), chooseFolder: async () => null, chooseSavePath: async () => null, emit: () => {}, chooseTriageDocument: async () => picked,
}).importTriageDocument;
async function refusal(file: string): Promise<ApiError> {
  try {
    await importer(file)(null);
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('the document was imported');
}

beforeAll(async () => {
  demoFile = path.join(tmp, 'demo.json');
  const err: string[] = [];
  expect(await runTriage(['--json', demoFile, '--quiet'], { out: () => {}, err: (l) => err.push(l), cwd: REPO_ROOT }), err.join('\n')).toBe(0);
  demo = JSON.parse(readFileSync(demoFile, 'utf8')) as Doc;
}, 180_000);

describe('importTriageDocument', () => {
  it('takes no argument: the page can never name a file to read (only the dialog does)', () => {
    expect(() => validateArgs.importTriageDocument({ path: demoFile } as never)).toThrow();
    expect(validateArgs.importTriageDocument(null)).toBeNull();
  });

  it('without a dialog it refuses; a cancelled dialog gives null', async () => {
    const handlers = createHandlers({ roots: new GrantedRoots(), chooseFolder: async () => null, chooseSavePath: async () => null, emit: () => {} });
    await expect(handlers.importTriageDocument(null)).rejects.toMatchObject({ code: 'not_allowed' });
    expect(await importer(null)(null)).toBeNull();
  });

  it('the demo triage document round-trips: the same findings by id, host, count and times, read-only and keyed apart from a folder read', async () => {
    const got = (await importer(demoFile)(null))!;
    const view = (fs: { id: string; dest: string; count: number; firstTime: string; lastTime: string }[]) => fs.map((f) => [f.id, f.dest, f.count, f.firstTime, f.lastTime]);
    expect(got.scan.findings.length).toBeGreaterThan(0);
    expect(view(got.scan.findings)).toEqual(view(demo.findings.map((f) => ({ id: f.finding_id, dest: f.dest, count: f.count, firstTime: f.firstTime, lastTime: f.lastTime }) as never)));
    expect(got.scan.evidence.map((e) => e.path)).toEqual(demo.evidence.map((e) => e.path));
    expect(got.scan.fingerprint).toBe(demo.fingerprint);
    expect(got.caseKey).toBe(`${IMPORTED_CASE_KEY_PREFIX}${demo.fingerprint}`);
    expect(got.caseKey).not.toBe(demo.fingerprint);
    expect(got.scan.importedFrom).toEqual({ file: 'demo.json', generated: demo.generated, toolVersion: demo.tool.version, merged: false });

    // The whole finding shape comes back: what detection worked out, as the document wrote it.
    got.scan.findings.forEach((f, i) => {
      const d = demo.findings[i]!;
      expect(f.id).toBe(d.finding_id);
      for (const k of ['risk_base', 'process_id', 'process_guids', 'process_join', 'parent_process_path', 'user_qualified', 'known_bad_family', 'benign_writer'] as const) expect(f[k], `${f.id}.${k}`).toEqual(d[k]);
      expect(f.risk_factors).toEqual(d.risk_reasons);
    });
  });

  it('a merged document (npm run merge) imports, its evidence named with its source document', async () => {
    const out = path.join(tmp, 'merged.json');
    expect(await runMerge([demoFile, '--json', out, '--quiet'], { out: () => {}, err: () => {}, cwd: tmp })).toBe(0);
    const got = (await importer(out)(null))!;
    expect(got.scan.importedFrom.merged).toBe(true);
    expect(got.scan.findings.map((f) => f.id).sort()).toEqual(demo.findings.map((f) => f.finding_id as string).sort());
    expect(got.scan.evidence.map((e) => e.path)).toEqual(demo.evidence.map((e) => `${demoFile}: ${e.path as string}`));
  });

  it.each([
    ['not JSON', () => write('bad.json', '{"tool": '), /not valid JSON/],
    ['another tool', () => write('other.json', { ...demo, tool: { name: 'chainsaw', version: '2.0.0' } }), /tool\.name/],
    ['a newer major version', () => write('newer.json', { ...demo, tool: { ...demo.tool, version: '999.0.0' } }), /newer major version/],
    ['a contract violation in a finding', () => write('violation.json', { ...demo, findings: [{ ...demo.findings[0], firstTime: 'yesterday' }] }), /findings\[0\]/],
    ['no fingerprint', () => write('nofp.json', { ...demo, fingerprint: '' }), /no evidence fingerprint/],
    ['a folder', () => tmp, /folder/],
  ])('refuses %s with its reason', async (_what, make, reason) => {
    const e = await refusal(make());
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toMatch(reason);
  });

  it('refuses a huge file before reading it', async () => {
    const f = write('huge.json', '{}');
    truncateSync(f, MAX_DOCUMENT_BYTES + 1);
    const e = await refusal(f);
    expect(e.message).toMatch(/MiB/);
    expect(e.context.reason).toBe('too-large');
  });
});

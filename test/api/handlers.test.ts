import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseScan, FolderListing, ProgressEvent } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { EVTX_HEADER_START, tempEvidenceFolder } from '../helpers/temp-evidence';
import { REPO_ROOT } from '../helpers/paths';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

function setup(folder: string) {
  const progress: ProgressEvent[] = [];
  const roots = new GrantedRoots();
  const handlers = createHandlers({ roots, chooseFolder: async () => folder, chooseSavePath: async () => null, emit: (n, p) => { if (n === 'progress') progress.push(p as ProgressEvent); }, workers: 2 });
  return { handlers, progress, roots };
}

describe('api handlers', () => {
  const files = {
    'Security.evtx': EVTX_HEADER_START,
    'exports/sysmon.xml': '<?xml version="1.0"?><Events><Event/></Events>',
    'exports/lines.log': '{"EventID":1}\n{"EventID":13}\n',
    'notes.txt': 'analyst notes',
  };

  it('refuses every call on a folder the user did not choose', async () => {
    const root = tempEvidenceFolder(files);
    const { handlers } = setup(root);
    const res = await dispatchCall(handlers, 'scanEvidenceFolder', { root, jobId: 'j1' });
    expect(res).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });

  it('lists, hashes and sniffs every file of the chosen folder, with progress', async () => {
    const root = tempEvidenceFolder(files);
    const { handlers, progress } = setup(root);
    const chosen = await dispatchCall(handlers, 'chooseEvidenceFolder', null);
    expect(chosen.ok).toBe(true);
    const granted = (chosen as { value: string }).value;
    const listing = (await dispatchCall(handlers, 'listEvidenceFolder', { root: granted })) as { ok: true; value: FolderListing };
    expect(listing.value.files.map((f) => f.path)).toEqual(['Security.evtx', 'exports/lines.log', 'exports/sysmon.xml', 'notes.txt']);
    const res = (await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId: 'j2' })) as { ok: true; value: CaseScan };
    expect(res.ok).toBe(true);
    const byPath = new Map(res.value.evidence.map((e) => [e.path, e]));
    expect(byPath.get('Security.evtx')).toMatchObject({ format: 'evtx', sha256: sha(EVTX_HEADER_START), bytes: 11, hashComplete: true });
    expect(byPath.get('exports/sysmon.xml')).toMatchObject({ format: 'xml', sha256: sha(files['exports/sysmon.xml']) });
    expect(byPath.get('exports/lines.log')?.format).toBe('jsonl');
    expect(byPath.get('notes.txt')?.format).toBe('unknown');
    expect(res.value.fingerprint).toBe(listing.value.fingerprint);
    const hashed = progress.filter((p) => p.phase === 'hashing').at(-1)!;
    expect(hashed).toMatchObject({ jobId: 'j2', filesDone: 4, filesTotal: 4, bytesTotal: res.value.stats.bytes, bytesDone: res.value.stats.bytes });
    expect(progress.at(-1)).toMatchObject({ jobId: 'j2', phase: 'done' });
  });

  it('keeps going past files it cannot read, listing each with its reason', async () => {
    const root = tempEvidenceFolder(files);
    const outside = tempEvidenceFolder({ 'secret.evtx': EVTX_HEADER_START });
    symlinkSync(path.join(outside, 'secret.evtx'), path.join(root, 'link-out.evtx'));
    symlinkSync(path.join(root, 'missing.evtx'), path.join(root, 'dangling.evtx'));
    const { handlers } = setup(root);
    const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
    const res = (await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId: 'j3' })) as { ok: true; value: CaseScan };
    const byPath = new Map(res.value.evidence.map((e) => [e.path, e]));
    expect(byPath.get('link-out.evtx')?.error).toMatch(/outside the evidence folder/);
    expect(byPath.get('dangling.evtx')?.error).toMatch(/broken symbolic link/);
    expect(byPath.get('link-out.evtx')?.hashComplete).toBe(false);
    expect(byPath.get('Security.evtx')?.hashComplete).toBe(true);
    // An 11-byte "EVTX" file is hashed but cannot be read as EVTX: an error of its own, not a failure of the scan.
    expect(byPath.get('Security.evtx')?.error).toBeTruthy();
    expect(res.value.stats.errors).toBe(3);
  });

  it('answers a scan with the case findings of the triage, without the pivots as detected (they stay in main)', async () => {
    const { handlers } = setup(path.join(REPO_ROOT, 'assets/demo-evidence'));
    const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
    const res = (await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId: 'demo' })) as { ok: true; value: CaseScan };
    expect(res.ok).toBe(true);
    const findings = res.value.findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    for (const f of findings) {
      expect(f.pivots, f.id).not.toHaveProperty('detected');
      // The one shape: what detection worked out is there (the JSON document's extra fields).
      expect(typeof f.risk_base, f.id).toBe('number');
      expect(f.process_guids, f.id).toBeInstanceOf(Array);
      expect(f.risk_factors?.length, f.id).toBe(f.risk_reasons.length);
    }
  }, 120_000);

  it('changes the fingerprint when a file changes', async () => {
    const root = tempEvidenceFolder(files);
    const { handlers } = setup(root);
    const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
    const a = (await dispatchCall(handlers, 'listEvidenceFolder', { root: granted })) as { ok: true; value: FolderListing };
    writeFileSync(path.join(root, 'notes.txt'), 'analyst notes, edited');
    const b = (await dispatchCall(handlers, 'listEvidenceFolder', { root: granted })) as { ok: true; value: FolderListing };
    expect(b.value.fingerprint).not.toBe(a.value.fingerprint);
  });

  it('re-hashes one file and refuses paths that leave the folder', async () => {
    const root = tempEvidenceFolder(files);
    const { handlers } = setup(root);
    const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
    const ok = await dispatchCall(handlers, 'hashEvidenceFile', { root: granted, path: 'exports/sysmon.xml' });
    expect(ok).toEqual({ ok: true, value: { path: 'exports/sysmon.xml', sha256: sha(files['exports/sysmon.xml']), bytes: files['exports/sysmon.xml'].length } });
    const out = await dispatchCall(handlers, 'hashEvidenceFile', { root: granted, path: '../../etc/passwd' });
    expect(out).toMatchObject({ ok: false, error: { code: 'outside_root' } });
    const dir = await dispatchCall(handlers, 'hashEvidenceFile', { root: granted, path: 'exports' });
    expect(dir).toMatchObject({ ok: false, error: { code: 'not_a_file' } });
  });

  it('never changes the evidence (content, size, modification time)', async () => {
    const root = tempEvidenceFolder(files);
    const target = path.join(root, 'Security.evtx');
    chmodSync(target, 0o444);
    const before = { bytes: readFileSync(target), mtime: statSync(target).mtimeMs, mode: statSync(target).mode };
    const { handlers } = setup(root);
    const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
    await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId: 'j4' });
    await dispatchCall(handlers, 'hashEvidenceFile', { root: granted, path: 'Security.evtx' });
    expect(readFileSync(target)).toEqual(before.bytes);
    expect(statSync(target).mtimeMs).toBe(before.mtime);
    expect(statSync(target).mode).toBe(before.mode);
  });

  it('answers unknown calls and bad arguments with an error result, never a throw', async () => {
    const { handlers } = setup(os.tmpdir());
    expect(await dispatchCall(handlers, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatchCall(handlers, 'toString', {})).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatchCall(handlers, 'listEvidenceFolder', { root: 7 })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatchCall(handlers, 'cancelJob', { jobId: 'nothing-running' })).toEqual({ ok: true, value: false });
  });

  it('saves exports where the user picks, never inside the evidence folder', async () => {
    const root = tempEvidenceFolder(files);
    const outDir = tempEvidenceFolder({});
    let target = '';
    const roots = new GrantedRoots();
    const handlers = createHandlers({ roots, chooseFolder: async () => root, chooseSavePath: async () => target, emit: () => {} });
    await dispatchCall(handlers, 'chooseEvidenceFolder', null);
    target = path.join(outDir, 'findings.csv');
    expect(await dispatchCall(handlers, 'saveExport', { kind: 'csv', suggestedName: 'findings.csv', content: 'a,b\r\n' })).toEqual({ ok: true, value: { path: target } });
    expect(readFileSync(target, 'utf8')).toBe('a,b\r\n');
    target = path.join(root, 'exports', 'findings.csv');
    expect(await dispatchCall(handlers, 'saveExport', { kind: 'csv', suggestedName: 'findings.csv', content: 'x' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await dispatchCall(handlers, 'saveExport', { kind: 'csv', suggestedName: '../../etc/x', content: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatchCall(handlers, 'saveExport', { kind: 'exe', suggestedName: 'a', content: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
  });
  it('runs every scan in the app\'s pool when it has one, leaving it open between scans', async () => {
    const root = tempEvidenceFolder(files);
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    let runs = 0;
    const run = pool.run.bind(pool);
    pool.run = ((...args: Parameters<typeof pool.run>) => { runs++; return run(...args); }) as typeof pool.run;
    try {
      const handlers = createHandlers({ roots: new GrantedRoots(), chooseFolder: async () => root, chooseSavePath: async () => null, emit: () => {}, pool });
      const granted = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
      for (const jobId of ['first', 'second']) {
        const before = runs;
        const res = (await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted, jobId })) as { ok: true; value: CaseScan };
        expect(res.ok).toBe(true);
        expect(res.value.evidence).toHaveLength(4);
        // Four files hashed, and the three event files parsed, in the app's pool each time.
        expect(runs - before).toBeGreaterThanOrEqual(7);
      }
    } finally {
      await pool.close();
    }
  });
});

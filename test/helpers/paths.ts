import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared corpus (read-only): `$EVTX_TRIAGE_SHARED` when set; else `shared/` beside this
 * checkout; else `shared/` beside the local repository this one was cloned from (a scratch clone
 * made with `git clone . /tmp/…`). When none exists, the path beside the checkout, so the tests
 * that need it fail naming where it was looked for.
 */
function findSharedDir(): string {
  const fromEnv = process.env.EVTX_TRIAGE_SHARED;
  if (fromEnv) return path.resolve(fromEnv);
  const beside = path.resolve(REPO_ROOT, '../shared');
  if (existsSync(beside)) return beside;
  try {
    const origin = execFileSync('git', ['-C', REPO_ROOT, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim().replace(/^file:\/\//, '');
    const besideOrigin = path.isAbsolute(origin) ? path.resolve(origin, '../shared') : '';
    if (besideOrigin && existsSync(besideOrigin)) return besideOrigin;
  } catch {
    // not a git checkout, or no origin: keep the path beside the checkout
  }
  return beside;
}

export const SHARED_DIR = findSharedDir();
/** The shared evidence corpus (read-only). */
export const SHARED_EVIDENCE = path.join(SHARED_DIR, 'evidence');
export const SHARED_CONTRACTS = path.join(SHARED_DIR, 'contracts');

/**
 * Test tiers: what a test needs beyond a bare clone (the shared corpus, an oracle tool, the
 * browser) is declared here, once. A suite whose needs are missing is skipped with the reason
 * printed; in CI (`CI=true`) a missing need is a failure, never a silent skip.
 *
 * Each tier lives in its folder and may declare only its own needs (`vitest.config.mts` sets
 * `EVTX_TRIAGE_TIER`): unit and component tests none (so `npm run test:unit` passes on a bare
 * clone, also with `CI=true`), `test/corpus/` the shared data, `test/oracle/` the Debian tools
 * too. A suite declaring a need outside its tier fails, naming the folder it belongs in.
 *
 *   import { requires } from './requires';
 *   describe.skipIf(requires('corpus', 'evtxexport'))('…', () => { … });
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from './paths';

export type Need = 'corpus' | 'contracts' | 'sigma' | 'evtxexport' | 'python-evtx' | 'pdftoppm' | 'chromium' | 'dejavu' | 'cjk-font';

/** The interpreter and binaries the tests run (the Debian tool check in .ci/test asks the same). */
export const PYTHON = '/usr/bin/python3';
const EVTXEXPORT = 'evtxexport';

function onPath(bin: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && existsSync(path.join(dir, bin))) return true;
  return false;
}

const checks: Record<Need, () => string | null> = {
  corpus: () => (existsSync(path.join(SHARED_DIR, 'evidence')) ? null : `the shared corpus (${path.join(SHARED_DIR, 'evidence')})`),
  contracts: () => (existsSync(path.join(SHARED_DIR, 'contracts')) ? null : `the shared contracts (${path.join(SHARED_DIR, 'contracts')})`),
  sigma: () => (existsSync(path.join(SHARED_DIR, 'sigma')) ? null : `the shared Sigma rules and regression data (${path.join(SHARED_DIR, 'sigma')})`),
  evtxexport: () => (onPath(EVTXEXPORT) ? null : 'evtxexport (Debian package libevtx-utils)'),
  'python-evtx': () => {
    try {
      execFileSync(PYTHON, ['-c', 'import Evtx'], { stdio: 'ignore' });
      return null;
    } catch {
      return `python-evtx for ${PYTHON} (Debian package python3-evtx)`;
    }
  },
  pdftoppm: () => (onPath('pdftoppm') ? null : 'pdftoppm (Debian package poppler-utils)'),
  chromium: () => (existsSync('/usr/bin/chromium') ? null : '/usr/bin/chromium (Debian package chromium)'),
  dejavu: () => (existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') ? null : 'DejaVu fonts (Debian package fonts-dejavu-core)'),
  // The report's CJK fallback (src-main/report/fonts.ts looks for it there).
  'cjk-font': () => (existsSync('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf') && existsSync('/usr/share/fonts/truetype/nanum/NanumGothic.ttf')
    ? null : 'the CJK fallback fonts (Debian packages fonts-droid-fallback and fonts-nanum)'),
};

/** The shared data (`$EVTX_TRIAGE_SHARED`, `../shared`): the corpus tier's needs. */
const SHARED_NEEDS: readonly Need[] = ['corpus', 'contracts', 'sigma'];

/** The needs a tier may declare; a tier not named here (oracle, e2e, a script) may declare any. */
const TIER_NEEDS: Record<string, readonly Need[]> = { unit: [], corpus: SHARED_NEEDS };

/** Throws when the running tier may not declare one of these needs, naming where the suite belongs. */
function checkTier(needs: Need[]): void {
  const tier = process.env.EVTX_TRIAGE_TIER;
  const allowed = tier ? TIER_NEEDS[tier] : undefined;
  if (!allowed) return;
  const outside = needs.filter((n) => !allowed.includes(n));
  if (outside.length === 0) return;
  const home = outside.every((n) => SHARED_NEEDS.includes(n)) ? 'test/corpus/' : 'test/oracle/';
  throw new Error(`[tiers] a ${tier} test declares ${outside.join(', ')}: it belongs in ${home} (same sub-path as its source)`);
}

const cache = new Map<Need, string | null>();

/** The needs that are missing on this machine, each with what to install or where it was looked for. */
export function missingNeeds(...needs: Need[]): string[] {
  const out: string[] = [];
  for (const n of needs) {
    if (!cache.has(n)) cache.set(n, checks[n]());
    const why = cache.get(n);
    if (why) out.push(why);
  }
  return out;
}

/**
 * True when the suite must be skipped (use with `describe.skipIf`). Prints why; in CI throws
 * instead, so a missing corpus or tool fails the run rather than hiding tests.
 */
export function requires(...needs: Need[]): boolean {
  checkTier(needs);
  const missing = missingNeeds(...needs);
  if (missing.length === 0) return false;
  const msg = `missing: ${missing.join('; ')}`;
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') throw new Error(`[tiers] ${msg} (CI needs every tier)`);
  console.warn(`[tiers] skipped: ${msg}`);
  return true;
}

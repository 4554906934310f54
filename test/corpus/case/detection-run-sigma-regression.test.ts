/**
 * The end-to-end proof of the Sigma findings: every SigmaHQ regression test of the shared corpus
 * (`sigma/regression_data/**​/info.yml`: the rule id and `match_count`, the exact number of events
 * of the `.evtx` the rule must match; the same events as evtx_dump-style `.json`) through the real
 * triage path (triageCase: folder walk, worker pool, readers, model, DetectionSession, the detail
 * pass) with the bundled SigmaHQ set at level informational, as SigmaHQ's own checker runs them.
 * The `.evtx` alone and the `.json` alone, each copied into a temp folder of its own: the
 * findings of that rule id must hold exactly `match_count` distinct events (too few and too many
 * both fail). Skipped, counted and printed with the reason: tests that are not Windows EVTX tests
 * and tests whose rule does not run in the bundled set (not in it, not loaded, or skipped).
 * A test without `match_count` (a few of SigmaHQ's) must match at least one event. Where SigmaHQ's
 * `match_count` disagrees with the rule as written (DIVERGENCES, the same three and the same
 * counts as the language engine's own regression test, test/detect/sigma/regression.test.ts),
 * our count is asserted, so any change still shows.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { triageCase } from '../../../src-main/case/detection-run';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from '../../../src-main/case/triage-rules';
import { WorkerPool } from '../../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../../src-main/evidence-reading/worker-script';
import { SHARED_DIR } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const REGRESSION = path.join(SHARED_DIR, 'sigma', 'regression_data');

/** Rule id → the distinct events the rule as written matches, where `match_count` says fewer. */
const DIVERGENCES: Record<string, { ours: number; why: string }> = {
  '0b9ad457-2554-44c1-82c2-d56a99c42377': { ours: 3, why: 'TargetFilename|contains \\AppData\\Roaming\\AnyDesk\\user.conf: records 14985, 14988, 14990 all contain it; match_count says 1' },
  '8fbf3271-1ef6-4e94-8210-03c2317947f6': { ours: 3, why: 'TargetFilename|endswith procdump.exe / procdump64.exe / procdump64a.exe: records 26359, 26366, 26373, one each; match_count says 1' },
  'c7dcacd0-cc59-4004-b0a4-1d6cdebe6f3e': { ours: 2, why: 'AutoShareServer and AutoShareWks set to 0: records 28656599 and 28656618 both satisfy the selection; match_count says 1' },
};

interface RegressionCase {
  name: string;
  ruleId: string;
  matchCount: number | null;
  evtx: string | null;
  json: string | null;
}

function infoFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? infoFiles(p) : n === 'info.yml' ? [p] : [];
  });
}

function readCases(): RegressionCase[] {
  return infoFiles(REGRESSION).map((info) => {
    const doc = parse(readFileSync(info, 'utf8')) as { rule_metadata?: { id?: string }[]; regression_tests_info?: { type?: string; match_count?: number }[] };
    const dir = path.dirname(info);
    const files = readdirSync(dir);
    const test = (doc.regression_tests_info ?? []).find((t) => t.type === 'evtx');
    const pick = (ext: string) => { const f = files.find((n) => n.toLowerCase().endsWith(ext)); return f ? path.join(dir, f) : null; };
    return {
      name: path.relative(REGRESSION, dir).split(path.sep).join('/'), ruleId: doc.rule_metadata?.[0]?.id ?? '',
      matchCount: typeof test?.match_count === 'number' ? test.match_count : null,
      evtx: test ? pick('.evtx') : null, json: test ? pick('.json') : null,
    };
  });
}

const skip = requires('sigma');
const cases = skip ? [] : readCases();
const runs = cases.flatMap((c) => (['evtx', 'json'] as const).map((kind) => ({ c, kind, label: `${c.name} (.${kind})` })));

describe.skipIf(skip)('SigmaHQ regression tests through the triage', () => {
  let rules: TriageRules;
  let pool: WorkerPool;
  const skipped = new Map<string, string>();
  let checked = 0;

  beforeAll(async () => {
    rules = await loadTriageRules({ minLevel: 'informational' }, DEFAULT_SIGMA_LOADER);
    pool = new WorkerPool(ingestWorkerScript(), 2);
  }, 180_000);

  afterAll(async () => {
    await pool?.close();
    const reasons = [...skipped].map(([n, why]) => `  ${n}: ${why}`).join('\n');
    console.log(`[sigma regression] ${checked} runs checked (${cases.length} tests, .evtx and .json each); ${skipped.size} tests skipped${reasons ? `:\n${reasons}` : ''}`);
  });

  /** Why the case cannot run here, or null. */
  function whySkipped(c: RegressionCase): string | null {
    if (!c.evtx || !c.json) return 'not a Windows EVTX regression test (no .evtx/.json test)';
    if (rules.sigma!.rules.some((r) => r.meta.id === c.ruleId)) return null;
    const err = rules.sigma!.errors.find((e) => e.id === c.ruleId);
    if (err) return `rule not loaded: ${err.code}: ${err.reason}`;
    const sk = rules.sigma!.skipped.find((s) => s.id === c.ruleId);
    if (sk) return `rule not run: ${sk.reason}`;
    return 'rule not in the bundled Windows set';
  }

  it('finds the regression tests and the bundled set', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(rules.sigma?.rules.length).toBeGreaterThan(0);
  });

  it.each(runs)('$label', async ({ c, kind }) => {
    const why = whySkipped(c);
    if (why) { skipped.set(c.name, why); return; }
    const root = mkdtempSync(path.join(os.tmpdir(), 'sigma-regression-'));
    const src = kind === 'evtx' ? c.evtx! : c.json!;
    copyFileSync(src, path.join(root, path.basename(src)));
    const run = await triageCase(root, { jobId: `regression-${kind}`, pool, rules });
    const mine = run.scan.findings.filter((f) => f.source === 'sigma' && f.rule_id === c.ruleId);
    const distinct = new Set(mine.flatMap((f) => f.events.map((e) => `${e.evidence}|${e.record_id}`)));
    const count = mine.reduce((n, f) => n + f.count, 0);
    expect(run.scan.evidence.every((e) => !e.error), 'the file was read').toBe(true);
    expect(mine.every((f) => !f.events_truncated)).toBe(true);
    const divergence = DIVERGENCES[c.ruleId];
    if (divergence) expect(distinct.size, `${c.name}: ${divergence.why}`).toBe(divergence.ours);
    else if (c.matchCount === null) expect(distinct.size, `${c.name}: at least one event`).toBeGreaterThan(0);
    else expect(distinct.size, `${c.name}: distinct matched events`).toBe(c.matchCount);
    expect(count, 'the findings count each distinct event once').toBe(distinct.size);
    checked++;
  });
});

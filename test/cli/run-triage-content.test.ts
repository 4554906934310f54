/**
 * runTriage hands triageCase the event content its flags allow (cli/args.ts `triageEventContent`):
 * `'counted'` (triageCase keeps what the Sigma rules may read) unless `--events` or `--pdf`, then `'all'`. triageCase is
 * replaced by one that records its options and stops the run (no evidence is read).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { TriageCaseOptions } from '../../src-main/case/detection-run';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from '../helpers/paths';

const seen: TriageCaseOptions[] = [];

vi.mock('../../src-main/case/detection-run', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-main/case/detection-run')>()),
  triageCase: (_root: string, opts: TriageCaseOptions) => { seen.push(opts); return Promise.reject(new Error('stopped by the test')); },
}));

async function contentOf(argv: string[]): Promise<TriageCaseOptions['eventContent']> {
  seen.length = 0;
  const err: string[] = [];
  const code = await runTriage(['assets/demo-evidence', '--workers', '1', '--quiet', ...argv], { out: () => {}, err: (l) => err.push(l), cwd: REPO_ROOT });
  expect(code).toBe(1);
  expect(err.join('\n')).toMatch(/stopped by the test/);
  expect(seen).toHaveLength(1);
  return seen[0]!.eventContent;
}

describe('runTriage', () => {
  it('counts events without a view instead of sending them but with --events or --pdf', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'triage-content-'));
    expect(await contentOf(['--no-sigma'])).toBe('counted');
    expect(await contentOf(['--no-sigma', '--json', path.join(out, 'o.json')])).toBe('counted');
    expect(await contentOf([])).toBe('counted');
    expect(await contentOf(['--events', path.join(out, 'e.ndjson')])).toBe('all');
    expect(await contentOf(['--no-sigma', '--events', path.join(out, 'e.ndjson')])).toBe('all');
    expect(await contentOf(['--no-sigma', '--pdf', path.join(out, 'r.pdf')])).toBe('all');
  });
});

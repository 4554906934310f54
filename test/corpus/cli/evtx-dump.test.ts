/** The evtx-dump CLI on a large corpus file: EPIPE (the source and the CLI: test/evidence-reading/evtx-source-cli.test.ts). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths';
import { evidencePath } from '../../ingest/evtx/helpers';
import { requires } from '../../helpers/requires';

describe('evtx-dump CLI', () => {
  const cli = join(REPO_ROOT, 'src-main/cli/evtx-dump.ts');
  it.skipIf(requires('corpus'))('stops quietly with exit 0 when stdout is closed early (EPIPE)', () => {
    const big = evidencePath('dfir-artifact-museum/Win2012R2/StolenSzechuan/System.evtx');
    const out = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" --import tsx "${cli}" "${big}" 2>/dev/null | head -c 100 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('rc=0');
  });
});

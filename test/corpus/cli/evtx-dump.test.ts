/** The evtx-dump CLI on a large corpus file: EPIPE (the source and the CLI: test/evidence-reading/evtx-source-cli.test.ts). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunk, eventTemplate, file, fileHeader, record, V } from '../../ingest/evtx/build';
import { REPO_ROOT } from '../../helpers/paths';
import { evidencePath } from '../../ingest/evtx/helpers';
import { requires } from '../../helpers/requires';

const dir = mkdtempSync(join(tmpdir(), 'evtx-src-'));
const ev = (id: number) => (at: number) => record(at, id, (w) => w.fragmentHeader().templateInline(eventTemplate, [
  V.str('P'), V.u16(1), V.filetime(0n), V.str('x'), V.u32(1), V.null(), V.u64(id), V.null(),
]).eof());
// header claims 1 chunk; 3 real chunks, one empty slot, and a short tail
const bytes = file(fileHeader({ chunks: 1, flags: 1 }), [
  chunk({ records: [ev(1), ev(2)], firstId: 1, lastId: 2 }),
  new Uint8Array(65536),
  chunk({ records: [ev(3)], firstId: 3, lastId: 3 }),
  chunk({ records: [ev(4)], firstId: 4, lastId: 4 }).subarray(0, 2000),
]);
const path = join(dir, 'crafted.evtx');
writeFileSync(path, bytes);

describe('evtx-dump CLI', () => {
  const cli = join(REPO_ROOT, 'src-main/cli/evtx-dump.ts');
  it.skipIf(requires('corpus'))('stops quietly with exit 0 when stdout is closed early (EPIPE)', () => {
    const big = evidencePath('dfir-artifact-museum/Win2012R2/StolenSzechuan/System.evtx');
    const out = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" --import tsx "${cli}" "${big}" 2>/dev/null | head -c 100 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('rc=0');
  });
});

/**
 * The read buffers the warm-up prepares (evtx-source.ts `prepareReadBlocks`): reads after it, and
 * after a read that left other bytes in the reused buffers, give the same records and summary as
 * the first read in the thread.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareReadBlocks, readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import type { RawEvent } from '../../src-main/model/raw-event';
import { REPO_ROOT } from '../helpers/paths';

const LOGS = ['assets/demo-evidence/WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx', 'assets/warm-up/System.evtx'].map((f) => path.join(REPO_ROOT, f));

async function readAll(file: string): Promise<{ records: RawEvent[]; recovered: RawEvent[]; summary: unknown }> {
  const records: RawEvent[] = [];
  const recovered: RawEvent[] = [];
  const { summary } = await readEvtxFile(file, { onChunk: (r) => { records.push(...r.records); recovered.push(...r.recovered); } });
  return { records, recovered, summary };
}

describe('prepared read buffers', () => {
  it('change nothing a read gives', async () => {
    const first = await Promise.all(LOGS.map(async (f) => JSON.stringify(await readAll(f))));
    prepareReadBlocks();
    prepareReadBlocks(); // twice: still the pair, filled again
    for (const [i, f] of LOGS.entries()) expect(JSON.stringify(await readAll(f))).toBe(first[i]);
    // the other file's bytes left in the buffers
    for (const [i, f] of [...LOGS.entries()].reverse()) expect(JSON.stringify(await readAll(f))).toBe(first[i]);
  });
});

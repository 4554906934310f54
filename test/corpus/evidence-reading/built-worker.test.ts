/**
 * The worker as the app ships it: bundled to one CommonJS file (as forge's Vite build does) and
 * run by a plain worker thread, without tsx. It must hash, sniff and read real evidence.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src-main/evidence-reading/pool';
import type { NormalisedEvent } from '../../../src-main/model/event';
import { bundleWorker } from '../../helpers/bundled-worker';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

describe.skipIf(requires('corpus'))('bundled worker', () => {
  it('reads real evidence from a single CommonJS bundle', async () => {
    const bundle = await bundleWorker('src-main/evidence-reading/ingest.worker.ts');
    const pool = new WorkerPool({ file: bundle, execArgv: [] }, 1);
    try {
      const file = path.join(SHARED_EVIDENCE, 'evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx');
      const scanned = await pool.run({ kind: 'scan-file', absPath: file, relPath: 'firefox.evtx' });
      expect(scanned).toMatchObject({ format: 'evtx', sha256: '5efdbe9d51c06538d20db3d132594326fbff8ac8b98c542805aaeb90779b9cde' });
      const events: NormalisedEvent[] = [];
      const parsed = await pool.run({ kind: 'parse-file', absPath: file, relPath: 'firefox.evtx', format: 'evtx' }, () => {}, undefined, (b) => { events.push(...b); });
      expect(parsed.summary).toMatchObject({ records: 19, errors: 0 });
      expect(events.filter((e) => e.view?.kind === 'registry')).toHaveLength(3);
    } finally {
      await pool.close();
    }
  });
});

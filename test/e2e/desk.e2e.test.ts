/**
 * The analyst's desk on the demo evidence with the real API and the real detections: the flow the
 * issue asks for, with a PNG of each screen under test-results/screens/.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';
import { runDeskFlow } from './desk-flow';
import { launchApp, type AppUnderTest } from './harness';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

describe('the analyst\'s desk in Chromium, on the demo evidence', () => {
  let app: AppUnderTest;
  beforeAll(async () => { app = await launchApp(() => DEMO, () => null, { delayMs: { scanEvidenceFolder: 1500 } }); });
  afterAll(async () => { await app?.close(); });

  it('opens the folder, finds the seed, walks its pivots, confirms it, and gets it all back from IndexedDB after a reload', async () => {
    await runDeskFlow(app, (name) => app.screenshot(name));
  });
});

/** rules export-sigma round trip on the shared corpus's COM-hijack samples (the demo evidence and the CLI: test/cli/rules-export-sigma.test.ts). */
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { exportTo, expectRoundTrip, rulesExportTmp } from '../../helpers/rules-export-round-trip';

const tmp = rulesExportTmp();

describe('rules export-sigma', () => {
  const dir = path.join(tmp, 'sigma');
  beforeAll(async () => { await exportTo(dir); }, 120_000);

  // The corpus's COM-hijack events: the Firefox MMDeviceEnumerator hijack (EVTX-ATTACK-SAMPLES) and
  // SigmaHQ's per-user TreatAs regression sample (.evtx and .json of the same events).
  it.skipIf(requires('corpus'))('round trip on the shared corpus’s COM-hijack samples', async () => {
    await expectRoundTrip([path.join(SHARED_EVIDENCE, 'evtx-attack-samples', 'Persistence')], dir, tmp);
    await expectRoundTrip([path.join(SHARED_EVIDENCE, 'sigmahq-sigma', 'regression_data', 'rules', 'windows', 'registry')], dir, tmp);
  }, 180_000);
});

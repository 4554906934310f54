import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The test tiers (README "Tests"): `unit` and `dom` need nothing beyond a clone (`npm run
 * test:unit`); `corpus` reads the shared corpus, contracts and Sigma data (`test/corpus/`);
 * `oracle` runs Debian tools beside our code (evtxexport, python-evtx, pdftoppm, the CJK fonts:
 * `test/oracle/`). `vitest run` runs them all (CI); the end-to-end tier has its own config.
 */
const TIER_FOLDERS = ['test/corpus/**', 'test/oracle/**'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Hooks do the heavy lifting (render a PDF, parse a corpus file): on a loaded 2-core machine
    // vitest's 10 s default is a flake, not a finding.
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', ...TIER_FOLDERS, 'test/**/*.dom.test.ts', '**/node_modules/**'],
          environment: 'node',
          // test/helpers/requires.ts refuses any need here: a suite that needs one lives in its tier.
          env: { EVTX_TRIAGE_TIER: 'unit' },
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'dom',
          include: ['test/**/*.dom.test.ts'],
          exclude: ['test/e2e/**', ...TIER_FOLDERS, '**/node_modules/**'],
          environment: 'happy-dom',
          env: { EVTX_TRIAGE_TIER: 'unit' },
        },
      },
      {
        extends: true,
        test: { name: 'corpus', include: ['test/corpus/**/*.test.ts'], environment: 'node', env: { EVTX_TRIAGE_TIER: 'corpus' } },
      },
      {
        extends: true,
        test: { name: 'oracle', include: ['test/oracle/**/*.test.ts'], environment: 'node', env: { EVTX_TRIAGE_TIER: 'oracle' } },
      },
    ],
  },
});

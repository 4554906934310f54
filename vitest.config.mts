import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

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
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/**/*.dom.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: { name: 'dom', include: ['test/**/*.dom.test.ts'], environment: 'happy-dom' },
      },
    ],
  },
});

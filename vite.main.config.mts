import { defineConfig } from 'vite';

// Main process and worker bundles (CommonJS, Node builtins and electron external; forge sets the rest).
export default defineConfig({
  build: { sourcemap: true },
});

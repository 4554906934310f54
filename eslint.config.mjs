// @ts-check
/**
 * ESLint flat config (issue #17): typescript-eslint's recommended rules (not type-checked, for
 * speed), the Svelte 5 components, one import style and the folder boundaries of src-main/
 * (lint/import-rules.mjs; each rule is shown to fire in test/lint/import-rules.test.ts).
 * A rule switched off here says why in one line: style-only churn across files others are
 * changing is not worth it, or the pattern is this project's intent.
 */
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import { localPlugin } from './lint/import-rules.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', '.vite/', 'out/', 'dist-cli/', '.ci-out/', 'test-results/', 'bench-out/', 'assets/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // eslint-plugin-svelte's recommended rules carry no `files`: scope them to the renderer.
  ...svelte.configs['flat/recommended'].map((c) => (c.files || !c.rules ? c : { ...c, files: ['src-renderer/**'] })),
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local: localPlugin },
    rules: {
      'local/import-boundaries': 'error',
      'local/relative-import-style': 'error',
      // `_name` marks a value left out on purpose (a rest sibling dropped, a callback argument not needed).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Evidence is full of control characters: the sanitisers and their tests match them on purpose.
      'no-control-regex': 'off',
      // A doc comment may carry a zero-width space to keep `**/` from closing it.
      'no-irregular-whitespace': ['error', { skipComments: true }],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The state classes replace whole Maps/Sets in `$state.raw` (immutable updates); local Maps and `new Date()` are not state.
      'svelte/prefer-svelte-reactivity': 'off',
      // `{' · '}` keeps the spaces Svelte trims beside `{#if}` blocks.
      'svelte/no-useless-mustaches': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      // Plain CommonJS launchers that run before anything is compiled.
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('node:crypto')` shadowing Node's global is harmless.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests poke at parsed JSON documents whose shape is what they check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);

/**
 * The project's lint rules (eslint.config.mjs, lint/import-rules.mjs) fire: each folder boundary,
 * the electron rule and the import style are shown on a probe file that breaks them, beside one
 * that keeps them. The probes are linted as text under a path of the tree (no file is written).
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: REPO_ROOT });
});

/** The `rule: message` lines ESLint reports for `code` as if it were the file at `file`. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}
const boundary = (messages: string[]) => messages.filter((m) => m.startsWith('local/import-boundaries:'));

/** [importing file, specifier, allowed] */
const FOLDER_CASES: Array<[string, string, boolean]> = [
  // shared/ imports nothing else from src-main.
  ['src-main/shared/probe.ts', '../case/read-case', false],
  ['src-main/shared/probe.ts', '../model/event', false],
  ['src-main/shared/probe.ts', './contract', true],
  ['src-main/shared/probe.ts', '../../package.json', true],
  // The renderer and report/ import only shared/ from src-main.
  ['src-renderer/lib/probe.ts', '../../src-main/case/read-case', false],
  ['src-renderer/lib/probe.ts', '../../src-main/detect/index', false],
  ['src-renderer/lib/probe.ts', '../../test/helpers/paths', false],
  ['src-renderer/lib/probe.ts', '../../src-main/shared/contract', true],
  ['src-renderer/state/probe.svelte.ts', '../lib/bridge', true],
  ['src-main/report/probe.ts', '../case/read-case', false],
  ['src-main/report/probe.ts', '../detect/findings', false],
  ['src-main/report/probe.ts', '../shared/contract', true],
  ['src-main/report/probe.ts', './fonts', true],
  // detect/ and ingest/ stay pure: model and shared (and bundled assets).
  ['src-main/detect/probe.ts', '../evidence-reading/pool', false],
  ['src-main/detect/probe.ts', '../ingest/evtx/index', false],
  ['src-main/detect/probe.ts', '../output/output-files', false],
  ['src-main/detect/sigma/probe.ts', '../../case/read-case', false],
  ['src-main/detect/sigma/probe.ts', '../../model/event', true],
  ['src-main/detect/rules/probe.ts', '../../../assets/rules/x.json', true],
  ['src-main/ingest/evtx/binxml/probe.ts', '../../../detect/index', false],
  ['src-main/ingest/evtx/binxml/probe.ts', '../../../shared/ingest-issues', true],
  ['src-main/ingest/zip/probe.ts', '../../model/raw-event', true],
  // api/ is the call layer: only cli/ and electron/ call it.
  ['src-main/case/probe.ts', '../api/handlers', false],
  ['src-main/evidence-reading/probe.ts', '../api/validate-args', false],
  ['src-main/cli/probe.ts', '../api/handlers', true],
  ['src-main/electron/probe.ts', '../api/handlers', true],
  // Layers: never upward, never sideways (so no folder cycle can form).
  ['src-main/output/probe.ts', '../merge/merged-csv', false],
  ['src-main/merge/probe.ts', '../export/formats', false],
  ['src-main/cli/probe.ts', '../electron/ipc', false],
  ['src-main/case/probe.ts', '../merge/merge-documents', true],
  ['src-main/merge/probe.ts', '../output/findings-csv', true],
  // A folder missing from the map is reported, as is src-main reaching into the tests.
  ['src-main/newfolder/probe.ts', '../shared/contract', false],
  ['src-main/case/probe.ts', '../newfolder/x', false],
  ['src-main/case/probe.ts', '../../test/helpers/paths', false],
  // Tests and scripts are not restricted.
  ['test/case/probe.test.ts', '../../src-main/case/read-case', true],
];

describe('lint: folder boundaries (local/import-boundaries)', () => {
  it.each(FOLDER_CASES)('%s importing %s: allowed %s', async (file, spec, allowed) => {
    const found = boundary(await lint(file, `import { x } from '${spec}';\nexport const y = x;\n`));
    if (allowed) expect(found).toEqual([]);
    else expect(found).toHaveLength(1);
  });

  it('sees every kind of specifier: type-only, re-exports, import(), require(), import types', async () => {
    const file = 'src-main/shared/probe.ts';
    const kinds = [
      "import type { X } from '../case/read-case';\nexport type Y = X;\n",
      "export * from '../case/read-case';\n",
      "export { readCase } from '../case/read-case';\n",
      "export const m = () => import('../case/read-case');\n",
      "export const m = require('../case/read-case');\n",
      "export type T = import('../case/read-case').X;\n",
    ];
    for (const code of kinds) expect({ code, found: boundary(await lint(file, code)).length }).toEqual({ code, found: 1 });
  });

  it('checks the script of a Svelte component', async () => {
    const code = "<script lang=\"ts\">\n  import { x } from '../../src-main/case/read-case';\n</script>\n<p>{x}</p>\n";
    expect(boundary(await lint('src-renderer/components/Probe.svelte', code))).toHaveLength(1);
    const ok = "<script lang=\"ts\">\n  import { x } from '../../src-main/shared/contract';\n</script>\n<p>{x}</p>\n";
    expect(await lint('src-renderer/components/Probe.svelte', ok)).toEqual([]);
  });

  it('names the rule broken in its message', async () => {
    const [message] = boundary(await lint('src-main/report/probe.ts', "export { x } from '../detect/findings';\n"));
    expect(message).toContain("'../detect/findings' leads into src-main/detect/");
    expect(message).toContain('src-main/report/ may import only src-main/shared/');
  });
});

describe('lint: electron only under src-main/electron/', () => {
  it.each([
    ['src-main/case/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/shared/probe.ts', "export const e = require('electron');\n"],
    ['src-main/api/probe.ts', "export const e = () => import('electron');\n"],
    ['src-main/report/probe.ts', "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n"],
    ['src-renderer/lib/probe.ts', "import { ipcRenderer } from 'electron/renderer';\nexport const r = ipcRenderer;\n"],
  ])('reports %s', async (file, code) => {
    expect((await lint(file, code)).filter((m) => m.includes("may be imported only under src-main/electron/"))).toHaveLength(1);
  });

  it('allows it in src-main/electron/', async () => {
    expect(await lint('src-main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});

describe('lint: one import style (local/relative-import-style)', () => {
  it.each([
    ["import { x } from './contract.ts';", "'./contract'"],
    ["import { x } from '../state/desk.svelte.ts';", "'../state/desk.svelte'"],
    ["export { x } from '../../model/event.mts';", "'../../model/event'"],
    ["export const m = () => import('./contract.ts');", "'./contract'"],
  ])('reports %s and fixes it to %s', async (code, fixed) => {
    const found = (await lint('src-main/shared/probe.ts', `${code}\n`)).filter((m) => m.startsWith('local/relative-import-style:'));
    expect(found).toHaveLength(1);
    const [result] = await new ESLint({ cwd: REPO_ROOT, fix: true }).lintText(`${code}\n`, { filePath: path.join(REPO_ROOT, 'src-main/shared/probe.ts') });
    expect(result!.output ?? '').toContain(fixed);
  });

  it.each([
    "import { x } from './contract';",
    "import App from '../components/App.svelte';",
    "import info from '../../package.json';",
    "import { readFileSync } from 'node:fs';",
    "import { z } from 'some-package/index.ts';",
  ])('keeps %s', async (code) => {
    expect((await lint('src-renderer/lib/probe.ts', `${code}\n`)).filter((m) => m.startsWith('local/relative-import-style:'))).toEqual([]);
  });
});

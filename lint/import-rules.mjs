// @ts-check
/**
 * The project's own ESLint rules on import specifiers (issue #17):
 * - `local/import-boundaries`: which folder may import which (the map in README.md,
 *   Architecture). A relative specifier is resolved against the importing file, so the rule holds
 *   at any depth; type-only imports count too (a type still ties two folders together).
 * - `local/relative-import-style`: relative specifiers carry no `.ts` (the one import style).
 * Every kind of specifier is checked: import/export declarations, `import()`, `require()`,
 * `import x = require()` and `import('…')` types.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The src-main folders in layers: a folder may import only folders of a lower layer (never one of
 * its own layer, never a higher one), so no folder-level cycle can form. `only` narrows a folder
 * further, to the issue's targets: shared/ imports nothing else from src-main, the parsers and
 * detections stay pure, report/ sees only the shared contract.
 * @type {Record<string, { layer: number, only?: string[], why: string }>}
 */
const SRC_MAIN_FOLDERS = {
  shared: { layer: 0, only: [], why: 'the contract both sides share imports nothing else from src-main' },
  model: { layer: 1, only: ['shared'], why: 'the normalised event depends on the shared contract only' },
  ingest: { layer: 2, only: ['model', 'shared'], why: 'the parsers stay pure: bytes in, records out' },
  detect: { layer: 2, only: ['model', 'shared'], why: 'detections stay pure: events in, findings out' },
  'evidence-reading': { layer: 3, why: 'the file-reading pipeline sits on the parsers' },
  output: { layer: 3, why: 'output files sit below every writer of them' },
  report: { layer: 3, only: ['shared'], why: 'the report is drawn from the shared contract only' },
  export: { layer: 4, why: 'fleet exports sit on the model, detections and output files' },
  merge: { layer: 4, why: 'the merge of triage documents sits on detections and output files' },
  case: { layer: 5, why: 'the triage run calls everything below the call layer' },
  api: { layer: 6, why: 'api/ is the call layer: only cli/ and electron/ call it' },
  cli: { layer: 7, why: 'the CLI is a transport on top of the call layer' },
  electron: { layer: 7, why: 'the Electron shell is a transport on top of the call layer' },
};

/** Top-level places outside src-main that src-main may import: bundled rules, intel and fonts; the package's name and version. */
const SRC_MAIN_MAY_ALSO_IMPORT = ['assets', 'package.json'];

/** Bare packages only some folders may import. */
const PACKAGE_OWNERS = { electron: ['src-main/electron'] };

/** `src-main/<folder>` for a file under src-main, else the file's top-level entry (`src-renderer`, `assets`, `package.json`). */
function placeOf(repoRelative) {
  const parts = repoRelative.split(/[\\/]/);
  return parts[0] === 'src-main' && parts.length > 2 ? `src-main/${parts[1]}` : parts[0];
}

/**
 * Why `from` may not import `to` (both places as placeOf gives them), or null when it may.
 * Places other than src-main/* and src-renderer (tests, scripts) are not restricted.
 */
function boundaryViolation(from, to) {
  if (from === to) return null;
  if (from === 'src-renderer') {
    return to === 'src-main/shared' ? null : 'the renderer imports only src-main/shared/ from the main side, and nothing else outside src-renderer/';
  }
  if (!from.startsWith('src-main/')) return null;
  const source = SRC_MAIN_FOLDERS[from.slice('src-main/'.length)];
  if (!source) return `${from}/ is not in the folder map (lint/import-rules.mjs SRC_MAIN_FOLDERS): add it with its layer`;
  if (!to.startsWith('src-main/')) {
    return SRC_MAIN_MAY_ALSO_IMPORT.includes(to) ? null : `src-main imports nothing from ${to}/`;
  }
  const name = to.slice('src-main/'.length);
  const target = SRC_MAIN_FOLDERS[name];
  if (!target) return `${to}/ is not in the folder map (lint/import-rules.mjs SRC_MAIN_FOLDERS): add it with its layer`;
  if (source.only && !source.only.includes(name)) {
    return `${from}/ may import only ${source.only.length ? source.only.map((f) => `src-main/${f}/`).join(', ') : 'its own files'} from src-main (${source.why})`;
  }
  if (target.layer >= source.layer) {
    return `${from}/ (layer ${source.layer}) may not import ${to}/ (layer ${target.layer}): ${target.layer === source.layer ? 'same-layer' : 'upward'} imports make folder cycles possible (${name === 'api' ? target.why : source.why})`;
  }
  return null;
}

/** Calls `check(literalNode, specifier)` for every module specifier in a file. */
function specifierVisitors(check) {
  const literal = (node) => {
    if (node && node.type === 'Literal' && typeof node.value === 'string') check(node, node.value);
  };
  return {
    ImportDeclaration: (node) => literal(node.source),
    ExportNamedDeclaration: (node) => literal(node.source),
    ExportAllDeclaration: (node) => literal(node.source),
    ImportExpression: (node) => literal(node.source),
    TSExternalModuleReference: (node) => literal(node.expression),
    // typescript-eslint 8.x names the specifier `source` (older: `argument`, a TSLiteralType).
    TSImportType: (node) => literal(node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument)),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) literal(node.arguments[0]);
    },
  };
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Which src-main folder, and the renderer, may import which (README.md, Architecture)' },
    schema: [],
    messages: {
      folder: "'{{specifier}}' leads into {{to}}/: {{why}}.",
      package: "'{{specifier}}' may be imported only under {{owners}}.",
    },
  },
  create(context) {
    const file = path.relative(REPO_ROOT, context.filename);
    if (file.startsWith('..') || path.isAbsolute(file)) return {};
    const from = placeOf(file);
    return specifierVisitors((node, specifier) => {
      if (specifier.startsWith('.')) {
        const to = placeOf(path.relative(REPO_ROOT, path.resolve(path.dirname(context.filename), specifier)));
        const why = boundaryViolation(from, to);
        if (why) context.report({ node, messageId: 'folder', data: { specifier, to, why } });
        return;
      }
      const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      const owners = PACKAGE_OWNERS[pkg];
      const inProduct = from.startsWith('src-main/') || from === 'src-renderer';
      if (owners && inProduct && !owners.includes(from)) {
        context.report({ node, messageId: 'package', data: { specifier, owners: owners.map((o) => `${o}/`).join(', ') } });
      }
    });
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const relativeImportStyle = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Relative specifiers name TypeScript modules without their extension' },
    fixable: 'code',
    schema: [],
    messages: { extension: "Write '{{fixed}}': relative imports carry no '{{ext}}'." },
  },
  create(context) {
    return specifierVisitors((node, specifier) => {
      const ext = /^\.{1,2}\/.*(\.[mc]?tsx?)$/.exec(specifier)?.[1];
      if (!ext) return;
      const fixed = specifier.slice(0, -ext.length);
      context.report({
        node,
        messageId: 'extension',
        data: { fixed, ext },
        fix: (fixer) => fixer.replaceText(node, `${node.raw[0]}${fixed}${node.raw[0]}`),
      });
    });
  },
};

export const localPlugin = {
  // The version is this file's hash, so `eslint --cache` forgets its results when these rules change.
  meta: { name: 'evtx-triage-local', version: createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16) },
  rules: { 'import-boundaries': importBoundaries, 'relative-import-style': relativeImportStyle },
};

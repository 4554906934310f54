/**
 * Refreshes the bundled SigmaHQ rules from a SigmaHQ/sigma checkout:
 *
 *   npx tsx test/tools/sigma/refresh-rules.ts /path/to/sigma        # copy rules + rebuild bundle + mapping
 *   npx tsx test/tools/sigma/refresh-rules.ts --bundle-only          # rebuild assets/sigma/rules.json only
 *
 * Copies every rule whose `logsource.product` is `windows` from `rules/`, `rules-emerging-threats/`,
 * `rules-threat-hunting/` and `rules-placeholder/` (layout kept; `deprecated/` and `unsupported/`
 * are not shipped) into `assets/sigma/rules/`, replacing what was there; copies
 * `LICENSE.Detection.Rules.md` when present; regenerates `assets/sigma/logsources.json` from
 * `tests/thor.yml`; and writes `assets/sigma/rules.json` (the pre-parsed bundle the app loads).
 * Update the commit and date in `assets/sigma/README.md` afterwards.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildRuleBundle, listRuleFiles } from '../../../src-main/detect/sigma/rule-bundle';

const ASSETS = path.resolve(__dirname, '../../../assets/sigma');
const RULES = path.join(ASSETS, 'rules');
const FOLDERS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder'];

function isWindows(text: string): boolean {
  try {
    return parseAllDocuments(text).some((d) => {
      const js = d.toJS({ maxAliasCount: 100 }) as { logsource?: { product?: unknown } } | null;
      return typeof js?.logsource?.product === 'string' && js.logsource.product.toLowerCase() === 'windows';
    });
  } catch {
    return false;
  }
}

function commitOf(checkout: string): string {
  try {
    return execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const arg = process.argv[2];
if (!arg) {
  console.error('usage: refresh-rules.ts SIGMA_CHECKOUT | --bundle-only');
  process.exit(2);
}
let commit = (JSON.parse(readFileSync(path.join(ASSETS, 'logsources.json'), 'utf8')) as { provenance: { commit: string } }).provenance.commit;
if (arg !== '--bundle-only') {
  const checkout = path.resolve(arg);
  commit = commitOf(checkout);
  rmSync(RULES, { recursive: true, force: true });
  let n = 0;
  for (const folder of FOLDERS) {
    const root = path.join(checkout, folder);
    if (!existsSync(root)) continue;
    for (const rel of listRuleFiles(root)) {
      if (/(^|\/)(deprecated|unsupported)\//.test(rel)) continue;
      const src = path.join(root, rel);
      if (!isWindows(readFileSync(src, 'utf8'))) continue;
      const dst = path.join(RULES, folder, rel);
      mkdirSync(path.dirname(dst), { recursive: true });
      copyFileSync(src, dst);
      n++;
    }
  }
  const licence = path.join(checkout, 'LICENSE.Detection.Rules.md');
  if (existsSync(licence)) copyFileSync(licence, path.join(ASSETS, 'LICENSE.Detection.Rules.md'));
  const thor = path.join(checkout, 'tests', 'thor.yml');
  if (existsSync(thor)) execFileSync('npx', ['tsx', path.join(__dirname, 'logsources-from-thor.ts'), thor, commit], { stdio: 'inherit' });
  console.log(`${n} Windows rules copied from ${checkout} (${commit})`);
}
const bundle = buildRuleBundle(RULES, { repository: 'SigmaHQ/sigma', commit, note: 'pre-parsed assets/sigma/rules/*.yml; regenerate with test/tools/sigma/refresh-rules.ts' });
writeFileSync(path.join(ASSETS, 'rules.json'), JSON.stringify(bundle) + '\n');
console.log(`${bundle.files.length} files → assets/sigma/rules.json`);
// The bundle's load cache is made for this bundle: rebuilt with it (a fresh process reads the new logsources.json).
execFileSync('npx', ['tsx', path.join(__dirname, 'write-precheck.ts')], { stdio: 'inherit' });

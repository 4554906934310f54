/**
 * Converts SigmaHQ's reference logsource mapping (`tests/thor.yml` of a SigmaHQ/sigma checkout,
 * the mapping its regression checker runs with) into `assets/sigma/logsources.json`: for each
 * entry, what it matches (product/category/service), the EventID conditions and the rewritten
 * service of a category, or the Windows channels of a service (`WinEventLog:<channel>` sources).
 *
 *   npx tsx test/tools/sigma/logsources-from-thor.ts /path/to/thor.yml <commit> [out.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface ThorEntry {
  product?: string;
  category?: string;
  service?: string;
  conditions?: Record<string, unknown>;
  rewrite?: { product?: string; service?: string };
  fieldmappings?: Record<string, string>;
  sources?: string[];
}

const [thorPath, commit, outArg] = process.argv.slice(2);
if (!thorPath || !commit) {
  console.error('usage: logsources-from-thor.ts THOR_YML COMMIT [OUT_JSON]');
  process.exit(2);
}
const out = outArg ?? path.resolve(__dirname, '../../../assets/sigma/logsources.json');
const thor = parse(readFileSync(thorPath, 'utf8'), { maxAliasCount: 100 }) as { logsources: Record<string, ThorEntry> };

const logsources = Object.entries(thor.logsources).map(([name, e]) => {
  const conditions: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(e.conditions ?? {})) conditions[k] = (Array.isArray(v) ? v : [v]).map(String);
  const channels = (e.sources ?? []).filter((s) => s.startsWith('WinEventLog:')).map((s) => s.slice('WinEventLog:'.length));
  return {
    name,
    match: { ...(e.product ? { product: e.product } : {}), ...(e.category ? { category: e.category } : {}), ...(e.service ? { service: e.service } : {}) },
    ...(Object.keys(conditions).length ? { conditions } : {}),
    ...(e.rewrite ? { rewrite: e.rewrite } : {}),
    ...(e.fieldmappings ? { fieldmappings: e.fieldmappings } : {}),
    ...(channels.length ? { channels } : {}),
  };
});

const doc = {
  provenance: {
    source: 'https://github.com/SigmaHQ/sigma/blob/master/tests/thor.yml',
    repository: 'SigmaHQ/sigma',
    commit,
    licence: 'DRL 1.1 (see LICENSE.Detection.Rules.md)',
    generated_by: 'test/tools/sigma/logsources-from-thor.ts',
    note: 'Do not edit by hand: regenerate from thor.yml. Our own additions (Security 4688/4657 copies of Sysmon rules) are in field-mappings.json.',
  },
  logsources,
};
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`${logsources.length} logsource entries → ${out}`);

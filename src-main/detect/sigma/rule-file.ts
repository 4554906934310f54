/**
 * Reading a Sigma YAML file (untrusted input): bounded size, YAML 1.2 core schema without custom
 * tags, bounded alias expansion (`maxAliasCount`), several documents per file. Sigma 1's
 * `action: global` document is merged into the documents that follow it; `action: reset` ends
 * that. Each document comes back as a plain object or an error, never an exception.
 */
import { parseAllDocuments } from 'yaml';

export const MAX_RULE_FILE_BYTES = 1 << 20;
const MAX_DOCUMENTS = 100;

export type RuleDocument = { index: number; doc: Record<string, unknown> } | { index: number; error: string };

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isMap(v) && isMap(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** Parses a rule file's text into its documents. */
export function parseRuleFile(text: string): RuleDocument[] {
  if (text.length > MAX_RULE_FILE_BYTES) return [{ index: 0, error: `file larger than ${MAX_RULE_FILE_BYTES} bytes` }];
  let docs;
  try {
    docs = parseAllDocuments(text, { customTags: [], uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (e) {
    return [{ index: 0, error: (e as Error).message }];
  }
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MAX_DOCUMENTS) return [{ index: 0, error: `more than ${MAX_DOCUMENTS} YAML documents` }];
  const out: RuleDocument[] = [];
  let global: Record<string, unknown> | null = null;
  list.forEach((d, index) => {
    // An unknown tag is only a warning to the parser (the value stays a string): refuse it here.
    const problem = d.errors[0] ?? d.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (problem) {
      out.push({ index, error: problem.message.split('\n')[0]! });
      return;
    }
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      out.push({ index, error: (e as Error).message });
      return;
    }
    if (js === null || js === undefined) return; // an empty document (a trailing `---`)
    if (!isMap(js)) {
      out.push({ index, error: 'a rule document must be a map' });
      return;
    }
    if (js['action'] === 'global') {
      const { action: _a, ...rest } = js;
      global = rest;
      return;
    }
    if (js['action'] === 'reset') {
      global = null;
      return;
    }
    out.push({ index, doc: global ? merge(global, js) : js });
  });
  return out;
}

/**
 * One field condition of a built-in rule as Sigma searches over the Sysmon registry fields
 * (Sysmon EventID 12/13/14 and, through our field mapping, Security 4657). Each form and where it
 * differs from our engine (which reads the model's canonical forms, registry-facts.ts):
 *
 * | our field | Sigma | note |
 * |---|---|---|
 * | `registry_path`, `registry_value_data`, `process_path`, `user`, `event_id` | `TargetObject`, `Details`, `Image`, `User`, `EventID` | same test |
 * | `process_name` | `Image|endswith: '\name'` | |
 * | `registry_value_name` (equals) | `TargetObject|endswith: '\name'` | |
 * | `registry_path_canonical` (pattern from `*`) | `TargetObject` pattern, a final `\(Default)` in every default-value spelling | the canonical path drops `Wow6432Node` and unifies hive spellings; a pattern from `*` over the part below `CLSID` is the same on either |
 * | `registry_value_is_default` (true) | `TargetObject|endswith` each spelling | an unnamed value given as the bare key (4657 without a value name, exports without `(Default)`) is not matched |
 * | `registry_action` | `EventType` (`SetValue`, `CreateKey`, `DeleteValue`/`DeleteKey`, `RenameKey`) | 4657's "new value" is `SetValue` in Sigma |
 * | `registry_scope` | `TargetObject|startswith` the hive spellings | |
 * | `clsid` (equals, `in_intel`) | `TargetObject|contains: '\CLSID\{…}'` | |
 * | `com_subkey` (equals) | `TargetObject` contains `}\Sub\` or ends with `}\Sub` | |
 * | `server_path` (contains) | `Details|contains` the text and its `%VAR%` forms (paths.ts) | `file:` URLs and `/` separators are not normalised |
 * | `server_file_name` (equals) | `Details|contains: '\name'` or `Details: name` | a name followed by more text matches too |
 * | `registry_value_data` (`in_intel`) | `Details|contains` each CLSID of the list | |
 */
import { DEFAULT_VALUE_SPELLINGS } from '../../model/canonical-registry-path';
import type { FieldCondition, Scalar } from '../conditions';
import type { Intel } from '../intel';
import { MACHINE_VARS, USER_VARS } from '../paths';

type SigmaValue = string | number | boolean | null;
/** A Sigma search map: every key must match (a list value: any of it). */
export type SigmaMap = Record<string, SigmaValue | SigmaValue[]>;
/** Any of these maps (a Sigma search identifier holding a list of maps). */
export type Alternatives = SigmaMap[];

export class SigmaExportError extends Error {
  override readonly name = 'SigmaExportError';
}

interface FormCtx {
  intel: Intel;
  defaultSpellings: readonly string[];
  where: string;
}

/** Sigma text for a literal: `*`, `?` escaped, and a `\` that would escape what follows doubled. */
export function sigmaLiteral(text: string): string {
  return text.replace(/\\(?=[\\*?])/g, '\\\\').replace(/[*?]/g, '\\$&');
}

/** Sigma text for our wildcard pattern (`*`, `?` stay wildcards; backslashes stay literal). */
export function sigmaPattern(pattern: string): string {
  return pattern.replace(/\\(?=[\\*?])/g, '\\\\');
}

const DIRECT: Record<string, string> = {
  registry_path: 'TargetObject', registry_value_data: 'Details', process_path: 'Image', user: 'User', event_id: 'EventID',
};
const EVENT_TYPES: Record<string, string[]> = {
  modified: ['SetValue'], created: ['CreateKey', 'SetValue'], deleted: ['DeleteValue', 'DeleteKey'], renamed: ['RenameKey'],
};
const SCOPE_PREFIXES: Record<string, string[]> = {
  user: ['HKU\\', 'HKCU\\', 'HKEY_USERS\\', 'HKEY_CURRENT_USER\\', '\\REGISTRY\\USER\\'],
  machine: ['HKLM\\', 'HKCR\\', 'HKEY_LOCAL_MACHINE\\', 'HKEY_CLASSES_ROOT\\', '\\REGISTRY\\MACHINE\\'],
};
/** Windows' own spelling of the COM subkeys (registry-facts.ts upper-cases them). */
const SUBKEY_SPELLING: Record<string, string> = {
  INPROCSERVER32: 'InprocServer32', INPROCSERVER: 'InprocServer', LOCALSERVER32: 'LocalServer32', LOCALSERVER: 'LocalServer',
  INPROCHANDLER32: 'InprocHandler32', TREATAS: 'TreatAs', SCRIPTLETURL: 'ScriptletURL', PROGID: 'ProgID', AUTOCONVERTTO: 'AutoConvertTo',
};

function valuesOf(c: FieldCondition): Scalar[] {
  return Array.isArray(c.value) ? c.value : [c.value ?? null];
}

function strings(c: FieldCondition, ctx: FormCtx): string[] {
  return valuesOf(c).map((v) => {
    if (typeof v !== 'string') throw new SigmaExportError(`${ctx.where}: ${c.field} ${c.op} needs text values`);
    return v;
  });
}

function one<T extends SigmaValue>(list: T[]): T | T[] {
  return list.length === 1 ? list[0]! : list;
}

/** A plain Sigma field test for our operator. */
function plain(sigmaField: string, c: FieldCondition, ctx: FormCtx): Alternatives {
  const cased = c.case_sensitive ? '|cased' : '';
  const vals = valuesOf(c);
  switch (c.op) {
    case 'equals': return [{ [`${sigmaField}${cased}`]: one(vals.map((v) => (typeof v === 'string' ? sigmaLiteral(v) : v))) }];
    case 'contains': case 'startswith': case 'endswith':
      return [{ [`${sigmaField}|${c.op}${cased}`]: one(strings(c, ctx).map(sigmaLiteral)) }];
    case 'wildcard': return [{ [`${sigmaField}${cased}`]: one(strings(c, ctx).map(sigmaPattern)) }];
    case 'regex': return [{ [`${sigmaField}|re${c.case_sensitive ? '' : '|i'}`]: one(strings(c, ctx)) }];
    case 'exists': return [{ [`${sigmaField}|exists`]: c.value !== false }];
    case 'lt': case 'lte': case 'gt': case 'gte': return [{ [`${sigmaField}|${c.op}`]: one(vals) }];
    default: throw new SigmaExportError(`${ctx.where}: ${c.field} ${c.op} has no Sigma form`);
  }
}

function unsupported(c: FieldCondition, ctx: FormCtx): never {
  throw new SigmaExportError(`${ctx.where}: ${c.field} ${c.op} ${JSON.stringify(c.value ?? null)} has no Sigma form`);
}

/** Every spelling of the default value name (the model's and the rule's), without the empty one. */
function defaultNames(ctx: FormCtx): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of ['(Default)', ...ctx.defaultSpellings, ...DEFAULT_VALUE_SPELLINGS]) {
    const k = s.trim().toLowerCase();
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(s.trim());
  }
  return out;
}

/** The CLSIDs (braced) of an intel list, for path and data tests. */
function intelValues(list: string, c: FieldCondition, ctx: FormCtx): { values: string[]; guid: boolean; wildcard: boolean } {
  const l = ctx.intel.list(list);
  if (!l) throw new SigmaExportError(`${ctx.where}: ${c.field} names an unknown intel list ${list}`);
  const values = l.entries.flatMap((e) => e.values).map((v) => (l.match === 'guid' ? `{${v.replace(/[{}]/g, '').toUpperCase()}}` : v));
  return { values: [...new Set(values)], guid: l.match === 'guid', wildcard: l.match === 'wildcard' };
}

/** `%VAR%` forms of a path fragment (paths.ts expands them before our comparison). */
function envForms(needle: string): string[] {
  const n = needle.toLowerCase();
  const out: string[] = [];
  for (const [name, expansion] of Object.entries({ ...MACHINE_VARS, ...USER_VARS })) {
    const exp = `${expansion}\\`;
    if (exp.includes(n)) { out.push(`%${name}%`); continue; }
    // The fragment starts inside the expansion (`:\perflogs\` in `%SystemDrive%\PerfLogs\`); one
    // starting at the `\` after the variable is in the raw text already.
    for (let k = n.length - 1; k > 1; k--) {
      const head = n.slice(0, k);
      if (/[^\\]/.test(head) && exp.endsWith(head)) { out.push(`%${name}%\\${n.slice(k)}`); break; }
    }
  }
  return out;
}

function canonicalPattern(c: FieldCondition, ctx: FormCtx): Alternatives {
  if (c.op !== 'wildcard' && c.op !== 'endswith' && c.op !== 'contains') unsupported(c, ctx);
  const out: string[] = [];
  for (const v of strings(c, ctx)) {
    const pattern = c.op === 'wildcard' ? v : c.op === 'endswith' ? `*${v.replace(/[*?]/g, '?')}` : `*${v.replace(/[*?]/g, '?')}*`;
    if (!pattern.startsWith('*')) throw new SigmaExportError(`${ctx.where}: a canonical path pattern must start with * (hive spellings differ)`);
    const m = /\\\(default\)$/i.exec(pattern);
    if (m) for (const name of defaultNames(ctx)) out.push(sigmaPattern(pattern.slice(0, m.index + 1)) + sigmaLiteral(name));
    else out.push(sigmaPattern(pattern));
  }
  return [{ TargetObject: one(out) }];
}

export function fieldForm(c: FieldCondition, ctx: FormCtx): Alternatives {
  const direct = DIRECT[c.field];
  if (direct !== undefined && c.op !== 'in_intel') return plain(direct, c, ctx);
  switch (c.field) {
    case 'process_name':
      if (c.op === 'equals' || c.op === 'endswith') return [{ 'Image|endswith': one(strings(c, ctx).map((v) => sigmaLiteral(c.op === 'equals' ? `\\${v}` : v))) }];
      if (c.op === 'contains' || c.op === 'regex') return plain('Image', c, ctx);
      return unsupported(c, ctx);
    case 'registry_value_name':
      if (c.op === 'equals' || c.op === 'endswith') return [{ 'TargetObject|endswith': one(strings(c, ctx).map((v) => sigmaLiteral(c.op === 'equals' ? `\\${v}` : v))) }];
      return unsupported(c, ctx);
    case 'registry_path_canonical': return canonicalPattern(c, ctx);
    case 'registry_value_is_default':
      if (c.op === 'equals' && valuesOf(c).every((v) => v === true)) return [{ 'TargetObject|endswith': defaultNames(ctx).map((n) => sigmaLiteral(`\\${n}`)) }];
      return unsupported(c, ctx);
    case 'registry_action':
      if (c.op !== 'equals') unsupported(c, ctx);
      return [{ EventType: one([...new Set(strings(c, ctx).flatMap((a) => EVENT_TYPES[a.toLowerCase()] ?? unsupported(c, ctx)))]) }];
    case 'registry_scope':
      if (c.op !== 'equals') unsupported(c, ctx);
      return [{ 'TargetObject|startswith': one(strings(c, ctx).flatMap((s) => SCOPE_PREFIXES[s.toLowerCase()] ?? unsupported(c, ctx)).map(sigmaLiteral)) }];
    case 'clsid': {
      const guids = c.op === 'in_intel' ? intelValues(String(c.value), c, ctx).values : c.op === 'equals' ? strings(c, ctx).map((g) => `{${g.replace(/[{}]/g, '')}}`) : unsupported(c, ctx);
      return [{ 'TargetObject|contains': one(guids.map((g) => sigmaLiteral(`\\CLSID\\${g}`))) }];
    }
    case 'com_subkey': {
      if (c.op !== 'equals') unsupported(c, ctx);
      const subs = strings(c, ctx).map((s) => SUBKEY_SPELLING[s.toUpperCase()] ?? s);
      return [{ 'TargetObject|contains': one(subs.map((s) => sigmaLiteral(`}\\${s}\\`))) }, { 'TargetObject|endswith': one(subs.map((s) => sigmaLiteral(`}\\${s}`))) }];
    }
    case 'server_path': {
      if (c.op !== 'contains') unsupported(c, ctx);
      const needles = strings(c, ctx);
      const all = [...new Set([...needles, ...needles.flatMap(envForms)])];
      return [{ 'Details|contains': one(all.map(sigmaLiteral)) }];
    }
    case 'server_file_name':
      if (c.op !== 'equals') unsupported(c, ctx);
      return [{ 'Details|contains': one(strings(c, ctx).map((v) => sigmaLiteral(`\\${v}`))) }, { Details: one(strings(c, ctx).map(sigmaLiteral)) }];
    case 'registry_value_data': {
      const { values, guid, wildcard } = intelValues(String(c.value), c, ctx);
      if (guid) return [{ 'Details|contains': one(values.map(sigmaLiteral)) }];
      return [{ Details: one(values.map(wildcard ? sigmaPattern : sigmaLiteral)) }];
    }
    default: return unsupported(c, ctx);
  }
}

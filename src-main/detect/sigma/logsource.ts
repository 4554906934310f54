/**
 * Logsource mapping as data (`assets/sigma/logsources.json`, converted from SigmaHQ's reference
 * `tests/thor.yml`, plus `extra_logsources` of `assets/sigma/field-mappings.json`): a rule's
 * `logsource` (product, category, service) becomes one or more variants, each a set of channels,
 * EventIDs, other field conditions and a field mapping. An entry applies when every key it names
 * equals the rule's; a category entry's `rewrite` names the service whose channels it reads.
 */
import logsourcesJson from '../../../assets/sigma/logsources.json';
import fieldMappingsJson from '../../../assets/sigma/field-mappings.json';
import { SigmaRuleError } from './errors';
import type { FieldMappingSpec, VariantSpec } from './field-mapping';
import type { SigmaLogsource } from './types';

interface LogsourceEntry {
  name: string;
  match: { product?: string; category?: string; service?: string };
  conditions?: Record<string, string[]>;
  rewrite?: { product?: string; service?: string };
  fieldmappings?: Record<string, string>;
  channels?: string[];
  variant?: string;
}

export interface LogsourceVariant {
  name: string;
  /** Channels (as written); null: any channel. */
  channels: string[] | null;
  /** EventIDs; null: any. */
  eventIds: number[] | null;
  /** Other fields that must hold one of the values (case-insensitive), e.g. Sysmon 12's EventType. */
  conditions: Record<string, string[]>;
  mapping: VariantSpec | null;
}

interface MappingData {
  variants: Record<string, { fields: Record<string, FieldMappingSpec>; available: string[] }>;
  registry_prefixes: [string, string][];
  extra_logsources: LogsourceEntry[];
}

const mappings = fieldMappingsJson as unknown as MappingData;
const ENTRIES: LogsourceEntry[] = [...(logsourcesJson as unknown as { logsources: LogsourceEntry[] }).logsources, ...mappings.extra_logsources];
export const REGISTRY_PREFIXES: readonly [string, string][] = mappings.registry_prefixes;

function same(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** A logsource's (product, category, service) lower-cased, `''` for a missing one. */
interface LowerLogsource {
  product: string;
  category: string;
  service: string;
}

/** Each entry's match keys lower-cased once (undefined: the entry does not name that key). */
const MATCHES: readonly { product: string | undefined; category: string | undefined; service: string | undefined }[] = ENTRIES.map(({ match: m }) => ({
  product: m.product?.toLowerCase(), category: m.category?.toLowerCase(), service: m.service?.toLowerCase(),
}));

function applies(i: number, ls: LowerLogsource): boolean {
  const m = MATCHES[i]!;
  if (m.product === undefined && m.category === undefined && m.service === undefined) return false;
  return (m.product === undefined || m.product === ls.product) && (m.category === undefined || m.category === ls.category) && (m.service === undefined || m.service === ls.service);
}

function serviceChannels(product: string | undefined, service: string): string[] | null {
  const e = ENTRIES.find((x) => x.channels && x.match.category === undefined && same(x.match.service, service) && (x.match.product === undefined || same(x.match.product, product)));
  return e?.channels ?? null;
}

function mappingOf(e: LogsourceEntry): VariantSpec | null {
  const extra = mappings.variants[e.variant ?? e.name];
  if (!e.fieldmappings && !extra) return null;
  return { fields: { ...(e.fieldmappings ?? {}), ...(extra?.fields ?? {}) }, available: extra ? extra.available : null };
}

/** Resolved logsources by their (product, category, service), lower-cased: a set has ~50 distinct ones over ~3,000 rules. */
const resolved = new Map<string, readonly LogsourceVariant[]>();
/**
 * The same by (product, category, service) as written (`''` for a missing one), in nested maps: a
 * rule's lookup makes no key string and lower-cases nothing (a load looks up every rule's).
 */
const asWritten = new Map<string, Map<string, Map<string, readonly LogsourceVariant[]>>>();
let asWrittenCount = 0;
/** Bounds each memo (user rule files may name any number of logsources). */
const MAX_RESOLVED = 10_000;

/**
 * The variants of a rule's logsource; a logsource no entry knows is a SigmaRuleError. The result
 * is shared by every rule of the same logsource: read it, never change it.
 */
export function resolveLogsource(ls: SigmaLogsource): readonly LogsourceVariant[] {
  const product = ls.product ?? '';
  const category = ls.category ?? '';
  const service = ls.service ?? '';
  let byCategory = asWritten.get(product);
  let byService = byCategory?.get(category);
  const known = byService?.get(service);
  if (known !== undefined) return known;
  const lower = { product: product.toLowerCase(), category: category.toLowerCase(), service: service.toLowerCase() };
  const key = `${lower.product}\u0000${lower.category}\u0000${lower.service}`;
  let out = resolved.get(key);
  if (!out) {
    out = resolveUncached(ls, lower);
    if (resolved.size < MAX_RESOLVED) resolved.set(key, out);
  }
  if (asWrittenCount < MAX_RESOLVED) {
    if (byCategory === undefined) asWritten.set(product, (byCategory = new Map()));
    if (byService === undefined) byCategory.set(category, (byService = new Map()));
    byService.set(service, out);
    asWrittenCount++;
  }
  return out;
}

function resolveUncached(ls: SigmaLogsource, lower: LowerLogsource): LogsourceVariant[] {
  const hits = ENTRIES.filter((_, i) => applies(i, lower));
  const categoryHits = hits.filter((e) => e.conditions);
  const out: LogsourceVariant[] = [];
  for (const e of categoryHits.length ? categoryHits : hits) {
    const { EventID, ...rest } = e.conditions ?? {};
    let channels: string[] | null = e.channels ?? null;
    if (e.rewrite?.service) channels = serviceChannels(e.rewrite.product, e.rewrite.service);
    if (!channels && !EventID) continue;
    out.push({ name: e.name, channels, eventIds: EventID ? EventID.map(Number) : null, conditions: rest, mapping: mappingOf(e) });
  }
  if (out.length === 0) {
    const what = Object.entries(ls).filter(([k]) => k !== 'definition').map(([k, v]) => `${k}: ${v}`).join(', ');
    throw new SigmaRuleError('unsupported-logsource', `no channel or EventID mapping for logsource {${what}} (not in SigmaHQ's thor.yml mapping)`);
  }
  return out;
}

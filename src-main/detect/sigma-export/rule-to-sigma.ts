/**
 * A built-in rule (assets/rules) as a Sigma rule document (specification 2.x, "Rule format"):
 * title, a stable UUID id, status, description, references, author, date, tags, logsource
 * (`product: windows`, `category: registry_event`: Sysmon 12/13/14, and 4657 through a
 * backend's mapping), detection, falsepositives, level (the band of the risk score,
 * risk-levels.ts), and `related` for the rules ours is derived from.
 *
 * Ids: a rule keeps its own UUID unless that id belongs to someone else (it appears in one of the
 * rule's reference URLs, as the seed keeps Splunk's analytic id): then the Sigma id is a UUIDv5
 * of it (RFC 9562 §5.5, our namespace) and the foreign id goes to `related` as `derived`, with any
 * UUID named in `based_on` (the Sigma and Elastic rules a rule ports).
 *
 * What Sigma cannot carry is said in the description: risk modifiers (they change the score, not
 * which events match) and Splunk's grouping (Sigma rules match events; the grouping is the
 * backend's or our finding builder's business).
 */
import { createHash } from 'node:crypto';
import type { Intel } from '../intel';
import { levelOfRisk } from '../risk-levels';
import type { Rule } from '../rules/types';
import { attackTags } from './attack-tags';
import { conditionToSigma } from './condition-to-sigma';
import type { SigmaMap } from './field-forms';

/** Namespace of the UUIDv5 ids given to exported rules whose own id is a peer's. */
const EXPORT_UUID_NAMESPACE = '5f0c8e52-4a3b-4d59-9c1e-7b2a6d8f3e10';
/** The date the built-in rules were first shipped (assets/rules). */
const BUILTIN_RULES_DATE = '2026-11-25';
const EXPORT_AUTHOR = 'EVTX Triage (built-in rules, exported)';

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** RFC 9562 UUID version 5 (SHA-1 of namespace + name). */
function uuidV5(name: string, namespace: string = EXPORT_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface SigmaRuleDocument {
  title: string;
  id: string;
  related?: { id: string; type: 'derived' }[];
  status: 'test';
  description: string;
  references: string[];
  author: string;
  date: string;
  tags: string[];
  logsource: { product: 'windows'; category: 'registry_event' };
  detection: Record<string, SigmaMap | SigmaMap[] | string>;
  falsepositives: string[];
  level: string;
}

function ids(rule: Rule): { id: string; related: string[] } {
  const lower = rule.id.toLowerCase();
  const urls = [...rule.references, ...rule.based_on].map((r) => r.url.toLowerCase());
  const foreign = urls.some((u) => u.includes(lower));
  const ownIsUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower);
  const id = foreign || !ownIsUuid ? uuidV5(`evtx-triage:builtin:${lower}`) : lower;
  const related = new Set<string>(foreign && ownIsUuid ? [lower] : []);
  for (const b of rule.based_on) for (const m of `${b.title ?? ''} ${b.url}`.matchAll(UUID_RE)) if (m[0].toLowerCase() !== id) related.add(m[0].toLowerCase());
  return { id, related: [...related] };
}

function description(rule: Rule): string {
  const extra: string[] = [`Exported from the EVTX Triage built-in rule ${rule.id} (risk score ${rule.risk.score} = impact ${rule.risk.impact} x confidence ${rule.risk.confidence} / 100).`];
  if (rule.risk_modifiers.length > 0) {
    extra.push(`Not expressible in Sigma and not exported: the risk modifiers (${rule.risk_modifiers.map((m) => `${m.id} ${m.delta > 0 ? '+' : ''}${m.delta}`).join(', ')}), which change the score of a finding, never which events match.`);
  }
  extra.push(`The built-in rule groups matches by ${rule.group_by.join(', ')} (Splunk stats); a Sigma backend groups as it does.`);
  return `${rule.description}\n\n${extra.join(' ')}`;
}

/** The Sigma document of a built-in rule; throws SigmaExportError when a condition has no Sigma form. */
export function ruleToSigma(rule: Rule, intel: Intel, date: string = BUILTIN_RULES_DATE): SigmaRuleDocument {
  const { id, related } = ids(rule);
  const { detection } = conditionToSigma(rule.match, intel, rule.default_value_spellings, `rule ${rule.id}`);
  return {
    title: rule.name,
    id,
    ...(related.length > 0 ? { related: related.map((r) => ({ id: r, type: 'derived' as const })) } : {}),
    status: 'test',
    description: description(rule),
    references: [...new Set([...rule.references, ...rule.based_on].map((r) => r.url))],
    author: EXPORT_AUTHOR,
    date,
    tags: attackTags(rule.mitre),
    logsource: { product: 'windows', category: 'registry_event' },
    detection,
    falsepositives: rule.false_positives,
    level: levelOfRisk(rule.risk.score),
  };
}

/** A file name for the exported rule: the built-in rule's name in snake case. */
export function sigmaFileName(rule: Rule): string {
  const base = rule.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 100) || 'rule';
  return `registry_event_${base}.yml`;
}

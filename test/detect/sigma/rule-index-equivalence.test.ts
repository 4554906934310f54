/**
 * The index (buckets, required EventIDs, gates, the substring finders) is a speed device only:
 * over a varied event set it must give exactly the rules that running every rule on every event
 * gives. Events are generated from the bundled rules' own detection values (each selection map
 * satisfied, with the modifiers applied: wildcards filled, `contains` padded, `windash` dashes,
 * `base64offset` encodings, letter case flipped), near misses (a field dropped, a value cut), mixes
 * of two, and, when the shared corpus is present, its events (at most 200 per channel and EventID).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledSigmaAssetsDir, loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import { readRuleBundle } from '../../../src-main/detect/sigma/rule-bundle';
import { parseSigmaString } from '../../../src-main/detect/sigma/sigma-string';
import type { SigmaString } from '../../../src-main/detect/sigma/sigma-string';
import { applyTransform, TRANSFORM_MODIFIERS } from '../../../src-main/detect/sigma/value-transforms';
import type { SigmaRuleSet } from '../../../src-main/detect/sigma/types';
import type { NormalisedEvent } from '../../../src-main/model/index';
import { event } from './helpers';
import { compareIndexWithEveryRule as compare } from '../../helpers/sigma-index-compare';

let seed = 18;
const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
const FILLER = ['', 'x', ' ', 'C:\\Windows\\System32\\', '-', '/c ', 'Ab', '\u00e9', '\u{1f986}', ' -s ', 'powershell '];

/** A string the Sigma string matches (wildcards filled), letter case sometimes flipped. */
function satisfy(s: SigmaString): string {
  let out = '';
  for (const p of s) {
    if (typeof p === 'string') out += p;
    else if ('oneOf' in p) out += pick(p.oneOf);
    else out += p.wild === '*' ? pick(FILLER) : 'q';
  }
  const r = rnd(4);
  return r === 0 ? out.toUpperCase() : r === 1 ? out.toLowerCase() : out;
}

function valueFor(mods: string[], raw: unknown): string | null {
  if (raw === null || typeof raw === 'object') return raw === null ? '' : null;
  const text = String(raw);
  if (mods.includes('re') || mods.includes('cidr')) return pick([text, '10.1.2.3', '8.8.8.8', 'ipconfig /all']);
  if (mods.some((m) => ['lt', 'lte', 'gt', 'gte', 'fieldref', 'exists', 'expand', 'neq'].includes(m))) return text;
  try {
    let alts = { alts: [parseSigmaString(text)], bytes: false };
    for (const m of mods) if (TRANSFORM_MODIFIERS.has(m)) alts = applyTransform(alts, m);
    return satisfy(pick(alts.alts));
  } catch {
    return text;
  }
}

/** Field values satisfying one selection map (a value picked from each list). */
function fieldsFor(map: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(map)) {
    const [name, ...mods] = key.split('|');
    if (!name) continue;
    const v = valueFor(mods, Array.isArray(raw) ? pick(raw) : raw);
    if (v !== null) out[name] = v;
  }
  return out;
}

function generated(set: SigmaRuleSet): NormalisedEvent[] {
  const bundle = readRuleBundle(path.join(bundledSigmaAssetsDir(), 'rules.json'))!;
  const byId = new Map(set.rules.map((r) => [r.meta.id, r]));
  const out: NormalisedEvent[] = [];
  const maps: Record<string, string>[] = [];
  for (const f of bundle.files) {
    for (const d of f.documents) {
      if (!('doc' in d)) continue;
      const rule = byId.get(String(d.doc['id']));
      const det = d.doc['detection'] as Record<string, unknown> | undefined;
      if (!rule || !det) continue;
      const variant = pick((rule as unknown as { variants: { channels: Set<string> | null; eventIds: Set<number> | null }[] }).variants);
      const channel = variant.channels ? pick([...variant.channels]) : 'Microsoft-Windows-Sysmon/Operational';
      const eventId = variant.eventIds ? pick([...variant.eventIds]) : 1;
      // every selection of the rule at once, one alone, and a near miss (a field dropped or a value cut short)
      const all: Record<string, string> = {};
      const alone: Record<string, string>[] = [];
      for (const [name, def] of Object.entries(det)) {
        if (name === 'condition' || name === 'timeframe') continue;
        const list = Array.isArray(def) ? def : [def];
        const m = list.find((x) => typeof x === 'object' && x !== null) as Record<string, unknown> | undefined;
        if (!m) continue;
        const fields = fieldsFor(m);
        Object.assign(all, fields);
        alone.push(fields);
      }
      maps.push(...alone);
      out.push(event(all, { channel, eventId }));
      if (alone.length > 1) out.push(event(pick(alone), { channel, eventId }));
      const keys = Object.keys(all);
      if (keys.length > 0) {
        const k = pick(keys);
        const miss = { ...all, [k]: all[k]!.slice(0, Math.floor(all[k]!.length / 2)) };
        if (rnd(2) === 0) delete miss[k];
        out.push(event(miss, { channel, eventId }));
      }
    }
  }
  // mixes of two selections on the busiest bucket
  for (let i = 0; i < 400; i++) out.push(event({ ...pick(maps), ...pick(maps) }));
  return out;
}

describe('the index against every rule on every event', () => {
  it('gives the same matches on events generated from the rules themselves', () => {
    const set = loadSigmaRuleSet({});
    const events = generated(set);
    expect(events.length).toBeGreaterThan(5000);
    // the generated events do match: many rules, many times
    const hits = compare(set, events);
    expect(hits).toBeGreaterThan(2000);
  }, 600_000);
});

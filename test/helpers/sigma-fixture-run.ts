/**
 * Runs the generated positive/negative fixtures of every bundled Sigma rule through the real
 * pipeline (test/detect/sigma/rule-set-fixtures.test.ts, and its corpus twin for the rules whose
 * SigmaHQ regression data we do not have): the whole bundled set loaded at every status and
 * level; each rule's fixture (test/helpers/sigma-fixture-synth.ts) rendered as Event XML, as
 * evtx_dump JSON and as binary EVTX, read by the XML, JSON and EVTX readers, normalised, and offered to the set's index
 * and matchers (`matches`, as a triage's detection does); the Security copies (4688, 4657) of
 * the Sysmon categories rendered through their field mapping.
 */
import path from 'node:path';
import { bundledSigmaAssetsDir, loadSigmaRuleSet } from '../../src-main/detect/sigma/load';
import { detectionFields } from '../../src-main/detect/sigma/detection';
import { resolveLogsource } from '../../src-main/detect/sigma/logsource';
import { readRuleBundle } from '../../src-main/detect/sigma/rule-bundle';
import type { CompiledSigmaRule, SigmaRuleSet } from '../../src-main/detect/sigma/types';
import type { NormalisedEvent } from '../../src-main/model/index';
import { availableFields, evtxDumpJson, eventXml, mappedFixture, readEvtxFixtures, readJsonFixture, readXmlFixture } from './sigma-fixture-render';
import { choicesFor, synthesiseFixture, SYSTEM_FIELDS } from './sigma-fixture-synth';
import type { FieldItem, FieldMap } from './sigma-fixture-values';

const ALL_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'];

/** One rule's outcome; `failures` empty means every check held. */
export interface RuleFixtureResult {
  id: string;
  title: string;
  path: string;
  /** Why no fixture could be made (then nothing else is checked). */
  notSynthesised: string | null;
  /** Why the negative was not made (counted). */
  negativeSkipped: string | null;
  /** Security copies checked: variant name → whether the copy must match (fields all available) or be skipped. */
  copies: { variant: string; expected: 'match' | 'skipped' | 'not checked'; why?: string }[];
  /** The modifiers of each detection item the positives meet (`plain`, `keyword`, `contains|windash`, …). */
  modifiers: string[];
  /** Distinct positives made from other choices (checked in Event XML). */
  extraPositives: number;
  failures: string[];
}

export interface FixtureRun {
  loaded: number;
  results: RuleFixtureResult[];
  /** Failures of the run's own setup (a rule of the set missing from the bundle). */
  setupErrors: string[];
}

function matchedBy(set: SigmaRuleSet, rule: CompiledSigmaRule, events: NormalisedEvent[] | string): string | boolean {
  if (typeof events === 'string') return `reader: ${events}`;
  if (events.length !== 1) return `reader gave ${events.length} events`;
  return set.matches(events[0]!).includes(rule);
}

/** A check left for the one EVTX file all fixtures are written to. */
interface EvtxCheck {
  rule: CompiledSigmaRule;
  fields: FieldMap;
  want: boolean;
  what: string;
  failures: string[];
}

function describeFailure(what: string, format: string, got: string | boolean, fields: FieldMap): string {
  return `${what} (${format}): ${typeof got === 'string' ? got : got ? 'matched' : 'did not match'}; fields ${JSON.stringify(Object.fromEntries([...fields.values()].map((f) => [f.name, f.value])))}`;
}

/** Checks one rendering: the rule must (or must not) match it read as XML and as JSON (EVTX: queued in `evtx`). */
function check(set: SigmaRuleSet, rule: CompiledSigmaRule, fields: FieldMap, want: boolean, what: string, failures: string[], recordId: number, formats: ('xml' | 'json')[] = ['xml', 'json'], evtx?: EvtxCheck[]): void {
  evtx?.push({ rule, fields, want, what, failures });
  for (const format of formats) {
    let got: string | boolean;
    if (format === 'xml') {
      const xml = eventXml(fields, recordId);
      got = xml === null ? 'a value XML cannot carry' : matchedBy(set, rule, readXmlFixture(xml));
    } else got = matchedBy(set, rule, readJsonFixture(evtxDumpJson(fields, recordId)));
    if (got !== want) failures.push(describeFailure(what, format, got, fields));
  }
}

/** Positives made from other choices per rule, besides the first (read from Event XML only). */
const EXTRA_POSITIVES = 2;

function fieldsKey(f: FieldMap): string {
  return JSON.stringify([...f.entries()].sort());
}

function modifiersOf(items: FieldItem[]): string[] {
  return items.filter((it) => !it.where.startsWith('logsource.')).map((it) => (it.field === null ? ['keyword', ...it.mods] : it.mods.length ? [...it.mods].sort() : ['plain']).join('|'));
}

/** Runs every bundled rule's fixtures. */
export function runRuleFixtures(): FixtureRun {
  const set = loadSigmaRuleSet({ minLevel: 'informational', ruleStatus: ALL_STATUSES });
  const bundle = readRuleBundle(path.join(bundledSigmaAssetsDir(), 'rules.json'));
  const docs = new Map<string, Record<string, unknown>>();
  for (const f of bundle?.files ?? []) for (const d of f.documents) if ('doc' in d && typeof d.doc['id'] === 'string') docs.set(d.doc['id'], d.doc);
  const results: RuleFixtureResult[] = [];
  const setupErrors: string[] = [];
  let recordId = 0;
  const evtx: EvtxCheck[] = [];
  for (const rule of set.rules) {
    const doc = docs.get(rule.meta.id);
    const detection = doc?.['detection'] as Record<string, unknown> | undefined;
    if (!detection) {
      setupErrors.push(`${rule.meta.id} ${rule.meta.path}: not in the bundle`);
      continue;
    }
    const r: RuleFixtureResult = { id: rule.meta.id, title: rule.meta.title, path: rule.meta.path, notSynthesised: null, negativeSkipped: null, copies: [], modifiers: [], extraPositives: 0, failures: [] };
    results.push(r);
    const variants = resolveLogsource(rule.meta.logsource);
    const fx = synthesiseFixture(detection, variants, choicesFor(rule.meta.id));
    if ('reason' in fx) {
      r.notSynthesised = fx.reason;
      continue;
    }
    r.modifiers = modifiersOf(fx.items);
    check(set, rule, fx.positive, true, 'positive', r.failures, ++recordId, undefined, evtx);
    // More positives from other choices (another map of a list, another value, another dash or
    // letter case), each distinct one read from Event XML: the set's rarer modifiers get met too.
    const seen = new Set([fieldsKey(fx.positive)]);
    for (let k = 1; k <= EXTRA_POSITIVES; k++) {
      const alt = synthesiseFixture(detection, variants, choicesFor(`${rule.meta.id}#${k}`));
      if ('reason' in alt || seen.has(fieldsKey(alt.positive))) continue;
      seen.add(fieldsKey(alt.positive));
      r.extraPositives++;
      r.modifiers.push(...modifiersOf(alt.items));
      check(set, rule, alt.positive, true, `positive (other choices ${k})`, r.failures, ++recordId, ['xml']);
    }
    if ('skipped' in fx.negative) r.negativeSkipped = fx.negative.skipped;
    else check(set, rule, fx.negative, false, 'negative', r.failures, ++recordId, undefined, evtx);
    // The Security copies of a Sysmon category: served only when every field read is available.
    const read = [...detectionFields(detection)];
    for (const v of variants) {
      const available = availableFields(v);
      if (!available) continue;
      if (read.some((f) => f.toLowerCase() === 'eventid' || f.toLowerCase() === 'channel')) {
        r.copies.push({ variant: v.name, expected: 'not checked', why: 'the detection names its own EventID or Channel' });
        continue;
      }
      const ok = new Set([...available, ...SYSTEM_FIELDS]);
      const missing = read.filter((f) => !ok.has(f));
      const expected = missing.length === 0 ? 'match' : 'skipped';
      r.copies.push({ variant: v.name, expected, ...(missing.length ? { why: `needs ${missing.join(', ')}` } : {}) });
      check(set, rule, mappedFixture(fx.positive, v), expected === 'match', `${v.name} copy (${expected})`, r.failures, ++recordId, ['xml'], evtx);
    }
  }
  const read = readEvtxFixtures(evtx.map((c) => c.fields));
  if (typeof read === 'string') setupErrors.push(read);
  else evtx.forEach((c, i) => {
    const got = set.matches(read[i]!).includes(c.rule);
    if (got !== c.want) c.failures.push(describeFailure(c.what, 'evtx', got, c.fields));
  });
  return { loaded: set.rules.length, results, setupErrors };
}

/** Counts by reason, most frequent first, as `N reason` lines. */
export function countBy(reasons: (string | null)[]): string[] {
  const m = new Map<string, number>();
  for (const x of reasons) if (x !== null) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${n} ${k}`);
}

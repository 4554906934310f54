/** Shared helpers of the detect tests: real samples through the readers + model, crafted events. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { JsonEventReader } from '../../src-main/ingest/json/index';
import { ZipArchive, bytesSource } from '../../src-main/ingest/zip/index';
import { normaliseEvent, emptyRawEvent } from '../../src-main/model/index';
import type { NormalisedEvent, RawEvent } from '../../src-main/model/index';
import type { EventValue } from '../../src-main/model/raw-event';
import { SHARED_EVIDENCE } from '../helpers/paths';
import { missingNeeds } from '../helpers/requires';
import { builtinIntel, builtinRuleset, DetectionSession, emptySuppressions } from '../../src-main/detect/index';
import type { DetectionOptions, DetectionResult, SuppressionList } from '../../src-main/detect/index';

export const FIREFOX = 'evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx';
export const PANACHE = 'evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx';
export const OTRF_ZIP = 'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip';
export const SIGMA_NEAR_MISS = 'sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020.evtx';
export const SIGMA_NEAR_MISS_JSON = SIGMA_NEAR_MISS.replace(/\.evtx$/, '.json');

/**
 * Suites that use the sample helpers declare `requires('corpus')`; vitest still runs a skipped
 * suite's body to collect its tests, so without the corpus the helpers give no events there.
 */
const noCorpus = () => missingNeeds('corpus').length > 0;

function sample(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(SHARED_EVIDENCE, rel)));
}

export function evtxEvents(rel: string): NormalisedEvent[] {
  if (noCorpus()) return [];
  const r = parseEvtxBytes(sample(rel));
  return r.records.map((x) => normaliseEvent(x, { evidence: rel }));
}

export function jsonEvents(rel: string): NormalisedEvent[] {
  if (noCorpus()) return [];
  const reader = new JsonEventReader({ path: rel });
  const out = reader.pushBytes(sample(rel));
  out.push(...reader.end());
  return out.map((x) => normaliseEvent(x.event, { evidence: rel }));
}

/** Every JSON member of a zip, through the project's zip reader and JSON reader, in batches. */
export async function zipEventBatches(rel: string, onBatch: (b: NormalisedEvent[]) => void): Promise<number> {
  if (noCorpus()) return 0;
  const z = await ZipArchive.open(bytesSource(sample(rel)), { label: rel });
  let n = 0;
  for (const entry of z.files) {
    const reader = new JsonEventReader({ path: entry.label });
    for await (const chunk of z.stream(entry)) {
      const evs = reader.pushBytes(chunk).map((x) => normaliseEvent(x.event, { evidence: entry.label }));
      n += evs.length;
      onBatch(evs);
    }
    const tail = reader.end().map((x) => normaliseEvent(x.event, { evidence: entry.label }));
    n += tail.length;
    onBatch(tail);
  }
  return n;
}

export function detect(events: NormalisedEvent[], suppressions: SuppressionList = emptySuppressions(), options: DetectionOptions = {}, batchSize = 1000): DetectionResult {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, suppressions, options);
  for (let i = 0; i < events.length; i += batchSize) s.add(events.slice(i, i + batchSize));
  return s.finish();
}

const SYSMON = { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', EventSourceName: null };

/** A Sysmon event as a reader would produce it, normalised (crafted fixtures). */
export function sysmon(eventId: number, computer: string, data: Record<string, EventValue>, recordId = 1, evidence = 'fixture.evtx'): NormalisedEvent {
  const raw: RawEvent = { ...emptyRawEvent(), EventRecordID: recordId, EventID: eventId, Provider: SYSMON, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: computer, EventData: data, TimeCreated: typeof data['UtcTime'] === 'string' ? (data['UtcTime'] as string).replace(' ', 'T') + 'Z' : null };
  return normaliseEvent(raw, { evidence });
}

/** Security 4657 (registry value modified), crafted. */
export function security4657(computer: string, data: Record<string, EventValue>, time: string, recordId = 1): NormalisedEvent {
  const raw: RawEvent = { ...emptyRawEvent(), EventRecordID: recordId, EventID: 4657, Provider: { Name: 'Microsoft-Windows-Security-Auditing', Guid: null, EventSourceName: null }, Channel: 'Security', Computer: computer, EventData: data, TimeCreated: time };
  return normaliseEvent(raw, { evidence: 'security.evtx' });
}

export interface EventSpec { eid: number; [field: string]: string | number }
interface FixtureCase { name: string; events: EventSpec[] }
export interface RuleFixtures { defaults: Record<string, string>; rules: Record<string, { positive: FixtureCase[]; negative: FixtureCase[] }> }

export const RULE_FIXTURES: RuleFixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/detect/rule-fixtures.json'), 'utf8'));

/** Builds a normalised Sysmon event from a compact spec (defaults from rule-fixtures.json). */
export function sysmonSpec(spec: EventSpec, defaults: Record<string, string> = RULE_FIXTURES.defaults, recordId = 1): NormalisedEvent {
  const { eid, Computer, ...rest } = { ...defaults, ...spec } as Record<string, string | number> & { eid: number };
  const data: Record<string, EventValue> = {};
  for (const [k, v] of Object.entries(rest)) data[k] = String(v);
  if (eid !== 1) { delete data['CommandLine']; }
  if (eid !== 12 && eid !== 13 && eid !== 14) delete data['EventType'];
  return sysmon(eid, String(Computer), data, recordId);
}

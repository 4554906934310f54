/** Shared helpers of the Sigma tests: crafted events through the real normaliser, rules from YAML text. */
import { parse } from 'yaml';
import { compileRule } from '../../../src-main/detect/sigma/compile-rule';
import type { SigmaRule } from '../../../src-main/detect/sigma/compile-rule';
import { compileDetection } from '../../../src-main/detect/sigma/detection';
import { EventView } from '../../../src-main/detect/sigma/event-view';
import { directFields } from '../../../src-main/detect/sigma/field-access';
import { emptyRawEvent, normaliseEvent } from '../../../src-main/model/index';
import type { NormalisedEvent } from '../../../src-main/model/index';
import type { EventValue } from '../../../src-main/model/raw-event';

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/** An event as a reader would produce it (Sysmon by default), normalised. */
export function event(data: Record<string, EventValue>, sys: { eventId?: number; channel?: string; computer?: string; provider?: string; recordId?: number } = {}): NormalisedEvent {
  const raw = {
    ...emptyRawEvent(),
    EventRecordID: sys.recordId ?? 1,
    EventID: sys.eventId ?? 1,
    Provider: { Name: sys.provider ?? 'Microsoft-Windows-Sysmon', Guid: null, EventSourceName: null },
    Channel: sys.channel ?? SYSMON_CHANNEL,
    Computer: sys.computer ?? 'host1.corp.local',
    EventData: data,
  };
  return normaliseEvent(raw, { evidence: 'fixture.evtx' });
}

/** Compiles a `detection:` section given as YAML text and tests it on an event's fields. */
export function detects(detectionYaml: string, data: Record<string, EventValue>, placeholders = new Map<string, string[]>()): boolean {
  const det = compileDetection(parse(detectionYaml), { fields: directFields, placeholders });
  return det.test(new EventView(event(data)));
}

/** A whole rule document from YAML text. */
export function rule(yamlText: string, placeholders = new Map<string, string[]>()): SigmaRule {
  return compileRule(parse(yamlText) as Record<string, unknown>, 'test.yml', 'test', { placeholders });
}

/**
 * The acting process of a Sigma match and what it acted on, read from the matched event's CIM view
 * (model/views): the finding's fields for the join and the pivots (shared/contract-finding.ts).
 */
import type { NormalisedEvent } from '../model/event';
import { normaliseGuid } from '../model/guid';
import type { FindingFacts, FindingFields } from '../shared/contract-finding';

/** The finding's fields that a matched event's acting process, and what it acted on, give (shared/contract-finding.ts). */
type ActorField = 'user' | 'process_guid' | 'process_id' | 'process_name' | 'process_path' | 'process'
  | 'parent_process_guid' | 'parent_process_name' | 'parent_process_path' | 'parent_process'
  | 'registry_path' | 'registry_key_name' | 'registry_value_name' | 'registry_value_data' | 'registry_path_canonical' | 'registry_action' | 'registry_scope';

/** The acting process of a matched event and what it acted on, from the event's CIM view: the finding's fields, null when the event has none. */
export type SigmaActor = { [K in ActorField]: NonNullable<(FindingFields & FindingFacts)[K]> | null } & {
  /** The file acted on (file events, image loads). */
  file_path: string | null;
};

export function actorOf(e: NormalisedEvent): SigmaActor {
  const v = e.view;
  const a: SigmaActor = {
    user: v?.user ?? null, process_guid: normaliseGuid(v?.process_guid ?? null), process_id: v?.process_id ?? null,
    process_name: v?.process_name ?? null, process_path: v?.process_path ?? null, process: null,
    parent_process_guid: null, parent_process_name: null, parent_process_path: null, parent_process: null,
    registry_path: null, registry_key_name: null, registry_value_name: null, registry_value_data: null,
    registry_path_canonical: null, registry_action: null, registry_scope: null, file_path: null,
  };
  if (v?.kind === 'process') {
    Object.assign(a, {
      process: v.process, parent_process_guid: normaliseGuid(v.parent_process_guid), parent_process_name: v.parent_process_name,
      parent_process_path: v.parent_process_path, parent_process: v.parent_process,
    });
  } else if (v?.kind === 'registry') {
    Object.assign(a, {
      registry_path: v.registry_path, registry_key_name: v.registry_key_name, registry_value_name: v.registry_value_name,
      registry_value_data: v.registry_value_data, registry_path_canonical: v.registry_path_canonical,
      registry_action: v.action, registry_scope: v.registry_scope,
    });
  } else if (v?.kind === 'filesystem' || v?.kind === 'image_load') {
    a.file_path = v.file_path;
  }
  return a;
}

/** The same order as a string, for the event the actor is read from. */
export function eventSortKey(e: NormalisedEvent): string {
  const t = e.time ?? '\uffff';
  return `${t}\u0000${e.evidence}\u0000${String(e.record_id ?? 0).padStart(20, '0')}\u0000${String(e.event_id ?? 0).padStart(10, '0')}`;
}

/**
 * The field bag a rule matches a registry event against: the event's CIM registry view, the
 * facts derived from its path (registry-facts.ts) and the intel lists' verdicts on them.
 */
import type { NormalisedEvent } from '../model/event';
import type { RegistryView } from '../model/cim';
import type { Scalar } from './conditions';
import type { Intel } from './intel';
import { registryFacts } from './registry-facts';

export function registryEventBag(e: NormalisedEvent, v: RegistryView, spellings: ReadonlySet<string>, intel: Intel): Record<string, Scalar> {
  const f = registryFacts(v, spellings);
  const bad = f.clsid ? intel.find('known_bad_clsids', f.clsid) : null;
  const builtin = f.clsid ? intel.find('builtin_clsids', f.clsid) : null;
  const benign = v.process_path ? intel.find('benign_writers', v.process_path) : null;
  return {
    dest: e.dest ?? '', user: v.user, process_guid: v.process_guid, process_id: v.process_id,
    process_name: v.process_name, process_path: v.process_path,
    registry_path: v.registry_path, registry_key_name: f.registry_key_name, registry_value_name: f.registry_value_name,
    registry_value_data: v.registry_value_data, registry_value_type: v.registry_value_type, registry_action: v.action,
    registry_scope: f.registry_scope, registry_user_sid: v.registry_user_sid, registry_wow64: v.registry_wow64,
    registry_classes_relative: v.registry_classes_relative,
    registry_key_canonical: f.registry_key_canonical, registry_path_canonical: f.registry_path_canonical,
    registry_value_is_default: f.registry_value_is_default, default_spelling: f.default_spelling,
    clsid: f.clsid, com_subkey: f.com_subkey, server_path: f.server_path, server_file_name: f.server_file_name,
    known_bad_family: bad ? bad.family ?? bad.name : null, builtin_clsid_name: builtin ? builtin.name : null,
    benign_writer: benign ? benign.name : null, benign_writer_reason: benign ? benign.reason : null,
    event_id: e.event_id, channel: e.channel, evidence: e.evidence,
  };
}

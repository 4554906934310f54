/**
 * Typed views of a normalised event, named after the Splunk CIM Endpoint data model
 * (Processes, Registry, Filesystem) plus image loads and network/DNS, because that is the
 * vocabulary of the detections. `dest` is always the endpoint (the event's Computer).
 * GUIDs are normalised (`{UPPER}`); paths, names and command lines are as written.
 */
import type { Hashes } from './fields';

/** The acting process of an event, as every view carries it. */
export interface ActorFields {
  dest: string | null;
  user: string | null;
  process_guid: string | null;
  process_id: number | null;
  process_name: string | null;
  process_path: string | null;
}

export interface ProcessView extends ActorFields, Hashes {
  kind: 'process';
  /** `start` (Sysmon 1, Security 4688) or `stop` (Sysmon 5, Security 4689). */
  action: 'start' | 'stop';
  /** Command line. */
  process: string | null;
  parent_process_guid: string | null;
  parent_process_id: number | null;
  parent_process_name: string | null;
  parent_process_path: string | null;
  parent_process: string | null;
  integrity_level: string | null;
  process_current_directory: string | null;
  original_file_name: string | null;
  logon_id: string | null;
  /** Raw `Hashes` text as written. */
  process_hash: string | null;
  /** ISO UTC instant of the start (start events) or end (stop events). */
  start_time: string | null;
  end_time: string | null;
}

export type RegistryAction = 'created' | 'modified' | 'deleted' | 'renamed';

export interface RegistryView extends ActorFields {
  kind: 'registry';
  action: RegistryAction;
  /** Full path as written, value name included when the event is about a value. */
  registry_path: string;
  /** The key path as written. */
  registry_key_name: string;
  /** The value name as written (`(Default)` …), null for key events. */
  registry_value_name: string | null;
  registry_value_data: string | null;
  registry_value_type: string | null;
  /** Sysmon 14: the new name of a renamed key. */
  registry_new_name: string | null;
  /** Canonical key path (see canonical-registry-path.ts). */
  registry_key_canonical: string;
  /** Canonical key path + `\` + value name upper-cased, or `(Default)` for every default spelling. */
  registry_path_canonical: string;
  registry_value_is_default: boolean;
  registry_scope: 'user' | 'machine' | 'unknown';
  registry_user_sid: string | null;
  registry_wow64: boolean;
  /** Path below the Classes root without Wow6432Node (`CLSID\{…}\INPROCSERVER32`), upper-case. */
  registry_classes_relative: string | null;
}

export type FileAction = 'created' | 'deleted' | 'modified' | 'read' | 'stream_created' | 'executable_detected';

export interface FilesystemView extends ActorFields, Hashes {
  kind: 'filesystem';
  action: FileAction;
  file_path: string | null;
  file_name: string | null;
  file_hash: string | null;
  file_create_time: string | null;
}

export interface ImageLoadView extends ActorFields, Hashes {
  kind: 'image_load';
  file_path: string | null;
  file_name: string | null;
  file_hash: string | null;
  original_file_name: string | null;
  signed: boolean | null;
  signature: string | null;
  signature_status: string | null;
}

export interface NetworkView extends ActorFields {
  kind: 'network';
  /** `outbound` when Sysmon says Initiated=true, `inbound` when false. */
  direction: 'inbound' | 'outbound' | null;
  transport: string | null;
  src_ip: string | null;
  src_port: number | null;
  src_hostname: string | null;
  dest_ip: string | null;
  dest_port: number | null;
  dest_hostname: string | null;
}

export interface DnsView extends ActorFields {
  kind: 'dns';
  query: string | null;
  answer: string | null;
  reply_code_id: string | null;
}

export type CimView = ProcessView | RegistryView | FilesystemView | ImageLoadView | NetworkView | DnsView;

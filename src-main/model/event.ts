/**
 * The normalised event: provenance, times, the System header in a stable shape, the source's
 * fields by their source names (text form, see fields.ts), and at most one CIM view.
 * Plain data (structured-clone friendly) so it can cross worker and IPC boundaries.
 */
import type { CimView } from './cim';
import type { Fields } from './fields';
import type { RecoveredReason } from './raw-event';

/** Where `time` came from: Sysmon's `UtcTime`, the record's `TimeCreated`, or nothing usable. */
type TimeSource = 'UtcTime' | 'TimeCreated' | 'none';

export interface Provenance {
  /** Evidence path as listed (`folder/file.evtx`, `archive.zip!/member.json`). */
  evidence: string;
}

export interface SystemFields {
  provider_name: string | null;
  provider_guid: string | null;
  qualifiers: number | null;
  version: number | null;
  level: number | null;
  task: number | null;
  opcode: number | null;
  /** Hex, lower-case `0x…` (a signed 64-bit decimal from JSON is converted). */
  keywords: string | null;
  user_sid: string | null;
  execution_process_id: number | null;
  execution_thread_id: number | null;
  activity_id: string | null;
  related_activity_id: string | null;
}

export interface NormalisedEvent {
  evidence: string;
  record_id: number | null;
  /** The endpoint (the record's Computer), as written. */
  dest: string | null;
  event_id: number | null;
  channel: string | null;
  /** Ordering instant, ISO-8601 UTC (7 fractional digits, microsecond precision): `utc_time` when present, else `time_created`. */
  time: string | null;
  /** `time` in epoch milliseconds, for sorting. */
  time_ms: number | null;
  time_source: TimeSource;
  /** The record's TimeCreated, ISO-8601 UTC. */
  time_created: string | null;
  /** Sysmon `UtcTime`, ISO-8601 UTC. */
  utc_time: string | null;
  system: SystemFields;
  /** EventData (or UserData, flattened one level) by source field name, text form. */
  data: Fields;
  view: CimView | null;
  /** Binary EVTX only, and only on recovered records: why the record is not allocated (raw-event.ts). */
  recovered?: RecoveredReason;
}

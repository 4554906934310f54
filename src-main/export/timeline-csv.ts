/**
 * Normalised events → a CSV super-timeline with Timeline Explorer's conventions (as EvtxECmd
 * writes for it): one row per event, a header row, UTC timestamps written
 * `yyyy-MM-dd HH:mm:ss.fffffff` (the form Timeline Explorer reads as a date column), the common
 * columns first, a one-line `Details`, and the whole EventData as JSON in the last column,
 * `Payload`. Cells follow RFC 4180 and are formula-safe: the same `csvCell` as the findings CSV
 * (a cell a spreadsheet would evaluate gets a leading `'`). Rows are in the order the events are
 * read (file by file, record order); Timeline Explorer sorts by any column.
 */
import { csvCell } from '../output/findings-csv';
import type { NormalisedEvent } from '../model/event';
import { eventSummary } from './event-summary';

/** New columns are only ever added before `Payload`, which stays last. */
export const TIMELINE_COLUMNS = [
  'Timestamp', 'TimestampSource', 'Computer', 'Channel', 'EventID', 'Provider', 'RecordID', 'Level',
  'User', 'UserSID', 'ProcessID', 'Process', 'CommandLine', 'ParentProcess', 'Details', 'Evidence', 'Recovered', 'Payload',
] as const;

/** `2019-05-21T00:35:07.3750000Z` → `2019-05-21 00:35:07.3750000`. */
export function timelineTimestamp(iso: string | null): string {
  return iso === null ? '' : iso.replace('T', ' ').replace(/Z$/, '');
}

export function timelineHeader(): string {
  return TIMELINE_COLUMNS.map(csvCell).join(',') + '\r\n';
}

export function timelineRow(ev: NormalisedEvent): string {
  const v = ev.view;
  const cells: unknown[] = [
    timelineTimestamp(ev.time),
    ev.time_source === 'none' ? '' : ev.time_source,
    ev.dest,
    ev.channel,
    ev.event_id,
    ev.system.provider_name,
    ev.record_id,
    ev.system.level,
    v?.user ?? null,
    ev.system.user_sid,
    v?.process_id ?? null,
    v?.process_path ?? v?.process_name ?? null,
    v?.kind === 'process' ? v.process : null,
    v?.kind === 'process' ? v.parent_process_path ?? v.parent_process_name : null,
    eventSummary(ev),
    ev.evidence,
    ev.recovered ?? '',
    JSON.stringify(ev.data),
  ];
  return cells.map(csvCell).join(',') + '\r\n';
}

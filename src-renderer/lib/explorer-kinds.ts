/**
 * The timeline kind of an explorer event, for the process timeline chart: Sysmon's event ids
 * (Sysmon 15 schema, https://learn.microsoft.com/sysinternals/downloads/sysmon) and the Security
 * log's process creation and exit (4688, 4689); anything else is `other`.
 */
import type { ExplorerEvent, PivotEvent, PivotEventKind } from '../../src-main/shared/contract';

const SYSMON: Record<number, PivotEventKind> = {
  1: 'process_start', 5: 'process_stop', 3: 'network', 7: 'image_load', 11: 'file', 23: 'file', 26: 'file', 15: 'file',
  12: 'registry', 13: 'registry', 14: 'registry', 22: 'dns',
};

function explorerKind(e: ExplorerEvent): PivotEventKind {
  if (e.event_id === null) return 'other';
  if ((e.channel ?? '').toLowerCase().includes('sysmon')) return SYSMON[e.event_id] ?? 'other';
  if (e.event_id === 4688) return 'process_start';
  if (e.event_id === 4689) return 'process_stop';
  return 'other';
}

/** One line for the grid: the fields that say most, first. */
export function summaryLine(e: ExplorerEvent): string {
  const f = e.fields;
  const pick = ['CommandLine', 'Image', 'TargetObject', 'TargetFilename', 'QueryName', 'DestinationIp', 'ImageLoaded', 'TargetUserName', 'SubjectUserName', 'ServiceName', 'Details'];
  const parts: string[] = [];
  for (const k of pick) if (f[k]) parts.push(`${k}=${f[k]}`);
  if (parts.length === 0) for (const [k, v] of Object.entries(f)) if (v && !['EventID', 'EventRecordID', 'TimeCreated', 'Computer', 'Channel', 'Provider', '(evidence file)'].includes(k)) parts.push(`${k}=${v}`);
  return parts.join('  ').slice(0, 300);
}

export function asPivotEvent(e: ExplorerEvent): PivotEvent {
  return {
    time: e.time ?? '', kind: explorerKind(e), event_id: e.event_id, channel: e.channel, dest: e.dest ?? '', process_guid: e.process_guid,
    process_name: e.fields.Image ?? null, summary: summaryLine(e), evidence: e.evidence, record_id: e.record_id, fields: e.fields,
  };
}

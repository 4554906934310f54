/**
 * One line saying what an event is about, for the timeline formats (Timesketch's `message`, the
 * CSV's `Details`): the CIM view's essentials when the event has one, else its first fields as
 * `Name: value`. Capped (the full fields travel beside it), never interpreted: it is data.
 */
import type { NormalisedEvent } from '../model/event';
import type { FieldValue } from '../model/fields';

const MAX_SUMMARY_CHARS = 4096;

function cap(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function text(v: FieldValue): string {
  return typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
}

const or = (v: string | number | null | undefined, dflt = '?'): string => (v === null || v === undefined || v === '' ? dflt : String(v));

/** What the view says, without the event id / provider prefix. */
function viewSummary(ev: NormalisedEvent): string {
  const v = ev.view;
  if (v === null) {
    const parts: string[] = [];
    for (const k of Object.keys(ev.data)) {
      const t = text(ev.data[k]!);
      if (t !== '' && t !== '-') parts.push(`${k}: ${t}`);
      if (parts.length >= 12) break;
    }
    return parts.join('; ');
  }
  switch (v.kind) {
    case 'process':
      return v.action === 'start'
        ? `Process start: ${or(v.process_path ?? v.process_name)} (pid ${or(v.process_id)}) command line: ${or(v.process, '')} parent: ${or(v.parent_process_path ?? v.parent_process_name)} user: ${or(v.user)}`
        : `Process end: ${or(v.process_path ?? v.process_name)} (pid ${or(v.process_id)})`;
    case 'registry':
      return `Registry ${v.action}: ${v.registry_path}${v.registry_value_data === null ? '' : ` = ${v.registry_value_data}`} by ${or(v.process_path ?? v.process_name)}`;
    case 'filesystem':
      return `File ${v.action.replace(/_/g, ' ')}: ${or(v.file_path)} by ${or(v.process_path ?? v.process_name)}`;
    case 'image_load':
      return `Image loaded: ${or(v.file_path)} into ${or(v.process_path ?? v.process_name)}`;
    case 'network':
      return `Network ${or(v.direction, 'connection')} ${or(v.transport, '')}: ${or(v.src_ip)}:${or(v.src_port)} -> ${or(v.dest_ip)}:${or(v.dest_port)}${v.dest_hostname ? ` (${v.dest_hostname})` : ''} by ${or(v.process_path ?? v.process_name)}`;
    case 'dns':
      return `DNS query: ${or(v.query)}${v.answer ? ` -> ${v.answer}` : ''} by ${or(v.process_path ?? v.process_name)}`;
  }
}

/** `[EventID 13] Microsoft-Windows-Sysmon: Registry modified: … = …`, at most `max` characters. */
export function eventSummary(ev: NormalisedEvent, max = MAX_SUMMARY_CHARS): string {
  const head = `[EventID ${or(ev.event_id)}] ${or(ev.system.provider_name, ev.channel ?? 'unknown provider')}`;
  const body = viewSummary(ev);
  return cap(body === '' ? head : `${head}: ${body}`, max);
}

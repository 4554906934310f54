/**
 * A normalised event → one Splunk HTTP Event Collector object (the `/services/collector/event`
 * JSON form): `time` in epoch seconds with the event's microseconds, `host` the endpoint,
 * `source` `XmlWinEventLog:<channel>` and `sourcetype` `XmlWinEventLog`, and the Event XML as
 * `event` — the form a Universal Forwarder with `renderXml = true` indexes, which Splunk's
 * Windows and Sysmon add-ons parse into the CIM fields (so an ESCU search over
 * `sourcetype=XmlWinEventLog` runs unchanged on the export).
 */
import type { NormalisedEvent } from '../model/event';
import { eventXml } from './event-xml';

const HEC_SOURCETYPE = 'XmlWinEventLog';

/**
 * Epoch seconds with the fraction as JSON number text, built from the ISO digits rather than
 * through a double (a double cannot hold seconds-since-1970 to the microsecond exactly).
 */
export function epochSecondsText(iso: string | null, ms: number | null): string | null {
  if (iso === null || ms === null || !Number.isFinite(ms)) return null;
  if (ms < 0) return (ms / 1000).toFixed(3);
  const frac = /\.(\d{1,9})Z$/.exec(iso)?.[1] ?? '';
  const micro = (frac + '000000').slice(0, 6);
  return `${Math.floor(ms / 1000)}.${micro}`;
}

/** One HEC object as a JSON line (no trailing newline). */
export function splunkHecEventLine(ev: NormalisedEvent): string {
  const time = epochSecondsText(ev.time, ev.time_ms);
  return '{'
    + (time === null ? '' : `"time":${time},`)
    + (ev.dest === null ? '' : `"host":${JSON.stringify(ev.dest)},`)
    + `"source":${JSON.stringify(ev.channel === null ? HEC_SOURCETYPE : `${HEC_SOURCETYPE}:${ev.channel}`)},`
    + `"sourcetype":"${HEC_SOURCETYPE}",`
    + `"event":${JSON.stringify(eventXml(ev))}}`;
}

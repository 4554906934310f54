/** Display helpers: sizes and times as a responder reads them (times always UTC). */
import { formatMegabytes } from '../../src-main/shared/byte-size';

/** A size in MB (10^6 bytes), as the CLI and the report state it (shared/byte-size.ts). */
export function formatBytes(n: number): string {
  return formatMegabytes(n);
}

/**
 * A log file's name for a narrow cell: Windows names channel logs `Microsoft-Windows-<Channel>%4<Log>.evtx`,
 * and that common prefix hides what tells them apart (`Sysmon%4Operational.evtx`). Other names as they are;
 * the full path stays in the cell's title. The folder (the host, as collected) is in the host column.
 */
export function logFileName(name: string): string {
  return /^Microsoft-Windows-./i.test(name) ? name.slice('Microsoft-Windows-'.length) : name;
}

/** `2026-11-25 21:22:05 UTC` from an ISO string; the input unchanged when it is not a date. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2026-11-17 09:41:35.472 UTC`: with milliseconds, for event times. */
export function formatUtcMs(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 23).replace('T', ' ')} UTC`;
}

/** `2026-11-17 09:41:35` for list columns headed UTC: with the year (a case can span the new year). */
export function formatListUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function percent(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((100 * done) / total)));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

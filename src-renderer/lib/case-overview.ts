/**
 * The case overview's rows: every host of the evidence (from the per-host summary counted during
 * the read), joined with its findings by level. Hosts that only appear in findings (a case cached
 * before the summary existed) are listed too, with unknown event counts.
 */
import type { FindingLevel, HostSummary } from '../../src-main/shared/contract';
import { FINDING_LEVELS } from '../../src-main/shared/contract';
import { findingLevel, type CachedCase, type FindingRow } from './case-db';
import { parseTime } from './time-axis';

export interface HostRow {
  host: string;
  /** Null when the case was cached without a host summary. */
  summary: HostSummary | null;
  levels: Record<FindingLevel, number>;
  findings: number;
}

function emptyLevels(): Record<FindingLevel, number> {
  return { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

export function hostRows(current: CachedCase, rows: readonly FindingRow[], isSuppressed: (f: FindingRow) => boolean): HostRow[] {
  const out = new Map<string, HostRow>();
  for (const s of current.hostSummaries?.hosts ?? []) out.set(s.host, { host: s.host, summary: s, levels: emptyLevels(), findings: 0 });
  for (const f of rows) {
    if (isSuppressed(f)) continue;
    let r = out.get(f.dest);
    if (!r) out.set(f.dest, (r = { host: f.dest, summary: null, levels: emptyLevels(), findings: 0 }));
    r.levels[findingLevel(f)]++;
    r.findings++;
  }
  return [...out.values()].sort((a, b) => levelRank(b) - levelRank(a) || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

/** Hosts with the most severe findings first (critical, then high, …), then by name. */
function levelRank(r: HostRow): number {
  let rank = 0;
  for (const l of FINDING_LEVELS) rank = rank * 100_000 + Math.min(99_999, r.levels[l]);
  return rank;
}

/** The case's time span: every host's first and last event, and every finding's times. */
export function caseSpan(hosts: readonly HostRow[], rows: readonly FindingRow[]): { from: number; to: number } | null {
  let from = Infinity;
  let to = -Infinity;
  const see = (iso: string | null | undefined) => {
    const t = parseTime(iso);
    if (t === null) return;
    if (t < from) from = t;
    if (t > to) to = t;
  };
  for (const h of hosts) { see(h.summary?.first); see(h.summary?.last); }
  for (const f of rows) { see(f.firstTime); see(f.lastTime); }
  return Number.isFinite(from) ? { from, to } : null;
}

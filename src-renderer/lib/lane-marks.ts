/**
 * The marks of the case-wide lanes: one per finding, clustered when several fall on the same few
 * pixels of one host's lane (the most severe is drawn, its count in the title), so 100,000
 * findings stay a few thousand SVG nodes.
 */
import { FINDING_LEVELS, type FindingLevel } from '../../src-main/shared/contract';
import { findingLevel, type FindingRow } from './case-db';
import { parseTime } from './time-axis';

export interface LaneMark {
  lane: number; x: number; level: FindingLevel; id: string; count: number; rule: string; time: string;
  /** A Sigma rule's credit, `Sigma rule by …` (DRL 1.1: every view of a rule's matches names its author); null for a built-in rule. */
  by: string | null;
}

/** `Sigma rule by <author>` for a Sigma finding, null for a built-in one. */
function sigmaCredit(f: FindingRow): string | null {
  return f.sigma ? `Sigma rule by ${f.sigma.author ?? 'an author not stated in the rule'}` : null;
}

/** Marks closer than this (px) in one lane are one mark. */
const CLUSTER_PX = 4;

export function laneMarks(
  rows: readonly FindingRow[], lanes: ReadonlyMap<string, number>, x: (t: number) => number, xMin: number, xMax: number,
): LaneMark[] {
  const cells = new Map<string, LaneMark>();
  for (const f of rows) {
    const lane = lanes.get(f.dest);
    const t = parseTime(f.firstTime);
    if (lane === undefined || t === null) continue;
    const px = x(t);
    if (px < xMin || px > xMax) continue;
    const key = `${lane}|${Math.round(px / CLUSTER_PX)}`;
    const level = findingLevel(f);
    const m = cells.get(key);
    if (!m) cells.set(key, { lane, x: px, level, id: f.id, count: 1, rule: f.rule_name, time: f.firstTime, by: sigmaCredit(f) });
    else {
      m.count++;
      if (FINDING_LEVELS.indexOf(level) > FINDING_LEVELS.indexOf(m.level)) Object.assign(m, { level, id: f.id, rule: f.rule_name, time: f.firstTime, x: px, by: sigmaCredit(f) });
    }
  }
  return [...cells.values()];
}

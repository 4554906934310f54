/**
 * One scale for built-in and Sigma findings, so they sort together. A Sigma rule's `level`
 * (Sigma specification 2.x, "level") becomes a risk score; a built-in rule's risk score (Splunk's
 * impact × confidence / 100) is shown as the level whose band holds it:
 *
 * | level         | Sigma → risk_score | built-in risk_score band |
 * |---------------|--------------------|--------------------------|
 * | informational | 10                 | 0–19                     |
 * | low           | 25                 | 20–39                    |
 * | medium        | 50                 | 40–69                    |
 * | high          | 73                 | 70–89                    |
 * | critical      | 90                 | 90–100                   |
 *
 * Each Sigma score lies inside its own band, so `levelOfRisk(riskOfLevel(l)) === l`.
 */
import { SIGMA_LEVELS, type SigmaLevel } from './sigma/types';

export type FindingLevel = SigmaLevel;

const RISK_OF_LEVEL: Record<SigmaLevel, number> = { informational: 10, low: 25, medium: 50, high: 73, critical: 90 };
/** Lowest risk score of each level's band, highest level first. */
const BANDS: readonly [number, SigmaLevel][] = [[90, 'critical'], [70, 'high'], [40, 'medium'], [20, 'low'], [0, 'informational']];

export function riskOfLevel(level: SigmaLevel): number {
  return RISK_OF_LEVEL[level];
}

export function levelOfRisk(risk: number): SigmaLevel {
  for (const [min, level] of BANDS) if (risk >= min) return level;
  return 'informational';
}

/** 0 (informational) … 4 (critical); -1 for anything else. */
export function levelRank(level: string): number {
  return SIGMA_LEVELS.indexOf(level as SigmaLevel);
}

export function isSigmaLevel(v: unknown): v is SigmaLevel {
  return typeof v === 'string' && levelRank(v) >= 0;
}

/** One scale for built-in and Sigma findings: level → risk, risk → level, round trip. */
import { describe, expect, it } from 'vitest';
import { isSigmaLevel, levelOfRisk, levelRank, riskOfLevel } from '../../src-main/detect/risk-levels';
import { SIGMA_LEVELS } from '../../src-main/detect/sigma/types';

describe('risk levels', () => {
  it('maps Sigma levels to the documented scores, each inside its own band', () => {
    expect(SIGMA_LEVELS.map(riskOfLevel)).toEqual([10, 25, 50, 73, 90]);
    for (const l of SIGMA_LEVELS) expect(levelOfRisk(riskOfLevel(l))).toBe(l);
  });
  it('bands built-in risk scores at 20, 40, 70, 90', () => {
    expect([0, 19, 20, 39, 40, 69, 70, 80, 89, 90, 100].map(levelOfRisk)).toEqual([
      'informational', 'informational', 'low', 'low', 'medium', 'medium', 'high', 'high', 'high', 'critical', 'critical']);
  });
  it('ranks levels and refuses anything else', () => {
    expect(levelRank('informational')).toBe(0);
    expect(levelRank('critical')).toBe(4);
    expect(levelRank('severe')).toBe(-1);
    expect(isSigmaLevel('high')).toBe(true);
    expect(isSigmaLevel('High')).toBe(false);
    expect(isSigmaLevel(3)).toBe(false);
  });
});

/**
 * Shared helpers for the correlation tests: parse a correlation from YAML text (the spec's
 * examples are quoted as YAML) and build hits from plain field maps.
 */
import { parse } from 'yaml';
import { parseCorrelation } from '../../../../src-main/detect/sigma/correlation/parse-correlation';
import type { CorrelationHit, CorrelationRule } from '../../../../src-main/detect/sigma/correlation/correlation-types';

export const T0 = Date.UTC(2026, 10, 17, 8, 0, 0);

export function corr(yamlText: string, path = 'mr_test.yml'): CorrelationRule {
  const r = parseCorrelation(parse(yamlText), path);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.reason}`);
  return r.rule;
}

/** A hit of rule `ruleId` (name `ruleName`) at T0 + `sec` seconds; `ref` defaults to a label. */
export function hit(ruleId: string, sec: number, fields: Record<string, string>, opts: { name?: string; ref?: string } = {}): CorrelationHit<string> {
  return {
    ruleId,
    ruleName: opts.name ?? null,
    timeMs: T0 + sec * 1000,
    field: (n) => fields[n] ?? null,
    ref: opts.ref ?? `${ruleId}@${sec}`,
  };
}

/**
 * The ATT&CK summary of a case: tactics (columns, in the Enterprise matrix order) × techniques
 * seen, each cell counting findings. Tactics come from Sigma's `attack.<tactic>` tags; built-in
 * rules carry technique ids only, so their tactics come from the technique's parent below (the
 * techniques the built-in rules name); anything else is put under "Tactic not stated".
 * Source: MITRE ATT&CK Enterprise v15, https://attack.mitre.org/tactics/enterprise/
 */
import type { FindingRow } from './case-db';

const TACTICS: readonly { id: string; tag: string; name: string }[] = [
  { id: 'TA0043', tag: 'reconnaissance', name: 'Reconnaissance' },
  { id: 'TA0042', tag: 'resource_development', name: 'Resource Development' },
  { id: 'TA0001', tag: 'initial_access', name: 'Initial Access' },
  { id: 'TA0002', tag: 'execution', name: 'Execution' },
  { id: 'TA0003', tag: 'persistence', name: 'Persistence' },
  { id: 'TA0004', tag: 'privilege_escalation', name: 'Privilege Escalation' },
  { id: 'TA0005', tag: 'defense_evasion', name: 'Defense Evasion' },
  { id: 'TA0006', tag: 'credential_access', name: 'Credential Access' },
  { id: 'TA0007', tag: 'discovery', name: 'Discovery' },
  { id: 'TA0008', tag: 'lateral_movement', name: 'Lateral Movement' },
  { id: 'TA0009', tag: 'collection', name: 'Collection' },
  { id: 'TA0011', tag: 'command_and_control', name: 'Command and Control' },
  { id: 'TA0010', tag: 'exfiltration', name: 'Exfiltration' },
  { id: 'TA0040', tag: 'impact', name: 'Impact' },
];
export const NO_TACTIC = 'Tactic not stated';

/** Tactics of the parent techniques the built-in rules name (ATT&CK v15). */
const BUILTIN_TECHNIQUE_TACTICS: Record<string, string[]> = {
  T1546: ['persistence', 'privilege_escalation'],
  T1218: ['defense_evasion'],
  T1112: ['defense_evasion'],
  T1574: ['persistence', 'privilege_escalation', 'defense_evasion'],
  T1059: ['execution'],
  T1547: ['persistence', 'privilege_escalation'],
};

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

interface MatrixCell { technique: string; findings: number; ids: string[] }
interface MatrixColumn { tactic: string; cells: MatrixCell[] }
export interface AttackMatrix { columns: MatrixColumn[]; max: number; techniques: number }

function tacticsOf(f: FindingRow): string[] {
  // SigmaHQ writes `attack.defense-evasion` since 2024, `attack.defense_evasion` before: both count.
  const tags = (f.sigma?.tags ?? []).map((t) => t.toLowerCase().replace(/-/g, '_'));
  const named = TACTICS.filter((t) => tags.includes(`attack.${t.tag}`)).map((t) => t.name);
  if (named.length) return named;
  const fromParents = new Set<string>();
  for (const t of f.mitre) for (const tag of BUILTIN_TECHNIQUE_TACTICS[t.split('.')[0]!] ?? []) fromParents.add(tag);
  const names = TACTICS.filter((t) => fromParents.has(t.tag)).map((t) => t.name);
  return names.length ? names : [NO_TACTIC];
}

/** The matrix of the given findings (the caller leaves suppressed ones out). */
export function attackMatrix(rows: readonly FindingRow[]): AttackMatrix {
  const byTactic = new Map<string, Map<string, string[]>>();
  const seen = new Set<string>();
  for (const f of rows) {
    const techniques = f.mitre.map((t) => t.toUpperCase()).filter((t) => TECHNIQUE.test(t));
    if (techniques.length === 0) continue;
    for (const tactic of tacticsOf(f)) {
      let cells = byTactic.get(tactic);
      if (!cells) byTactic.set(tactic, (cells = new Map()));
      for (const t of techniques) {
        seen.add(t);
        const ids = cells.get(t) ?? [];
        ids.push(f.id);
        cells.set(t, ids);
      }
    }
  }
  const order = [...TACTICS.map((t) => t.name), NO_TACTIC];
  let max = 0;
  const columns = order.filter((t) => byTactic.has(t)).map((tactic) => {
    const cells = [...byTactic.get(tactic)!.entries()]
      .map(([technique, ids]) => ({ technique, findings: ids.length, ids }))
      .sort((a, b) => b.findings - a.findings || (a.technique < b.technique ? -1 : 1));
    for (const c of cells) max = Math.max(max, c.findings);
    return { tactic, cells };
  });
  return { columns, max, techniques: seen.size };
}

/** The heat step (1–5) of a cell with `n` findings when the busiest cell has `max`. */
export function heatStep(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(5, Math.ceil((5 * Math.log1p(n)) / Math.log1p(max))));
}

/**
 * Sigma ATT&CK tags (Sigma tags appendix: `attack.<tactic>`, `attack.t<technique>`) of a built-in
 * rule's technique ids. The tactics are ATT&CK's own (enterprise v16) for the techniques our rules
 * name; a technique not in this table gets its technique tag only, never a guessed tactic.
 */
const TACTICS_OF_TECHNIQUE: Record<string, string[]> = {
  T1112: ['defense-evasion', 'persistence'],
  T1218: ['defense-evasion'],
  T1546: ['privilege-escalation', 'persistence'],
  T1574: ['persistence', 'privilege-escalation', 'defense-evasion'],
  T1547: ['persistence', 'privilege-escalation'],
  T1559: ['execution'],
};

/** `['T1218.010', 'T1112']` → `['attack.defense-evasion', 'attack.persistence', 'attack.t1218.010', 'attack.t1112']`. */
export function attackTags(mitre: readonly string[]): string[] {
  const tactics = new Set<string>();
  const techniques: string[] = [];
  for (const id of mitre) {
    const m = /^T(\d{4})(?:\.(\d{3}))?$/i.exec(id.trim());
    if (!m) continue;
    for (const t of TACTICS_OF_TECHNIQUE[`T${m[1]}`] ?? []) tactics.add(t);
    techniques.push(`attack.t${m[1]}${m[2] ? `.${m[2]}` : ''}`);
  }
  return [...[...tactics].map((t) => `attack.${t}`), ...new Set(techniques)];
}

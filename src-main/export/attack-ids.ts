/**
 * MITRE ATT&CK references of a finding: technique and sub-technique ids from the rule's `mitre`
 * list and Sigma `attack.tNNNN[.NNN]` tags, tactics from Sigma's `attack.<tactic-name>` tags
 * (the Sigma tags specification names the 14 Enterprise tactics in kebab case).
 */
const TACTICS: Record<string, { id: string; name: string }> = {
  'reconnaissance': { id: 'TA0043', name: 'Reconnaissance' },
  'resource-development': { id: 'TA0042', name: 'Resource Development' },
  'initial-access': { id: 'TA0001', name: 'Initial Access' },
  'execution': { id: 'TA0002', name: 'Execution' },
  'persistence': { id: 'TA0003', name: 'Persistence' },
  'privilege-escalation': { id: 'TA0004', name: 'Privilege Escalation' },
  'defense-evasion': { id: 'TA0005', name: 'Defense Evasion' },
  'credential-access': { id: 'TA0006', name: 'Credential Access' },
  'discovery': { id: 'TA0007', name: 'Discovery' },
  'lateral-movement': { id: 'TA0008', name: 'Lateral Movement' },
  'collection': { id: 'TA0009', name: 'Collection' },
  'command-and-control': { id: 'TA0011', name: 'Command and Control' },
  'exfiltration': { id: 'TA0010', name: 'Exfiltration' },
  'impact': { id: 'TA0040', name: 'Impact' },
};

export interface AttackRefs {
  /** Technique ids (`T1218`), each once. */
  techniques: string[];
  /** Sub-technique ids (`T1218.010`), each once. */
  subtechniques: string[];
  tactics: { id: string; name: string }[];
}

const TECHNIQUE = /^T(\d{4})(?:\.(\d{3}))?$/;

export function attackRefs(mitre: readonly string[], tags: readonly string[]): AttackRefs {
  const techniques = new Set<string>();
  const subtechniques = new Set<string>();
  const tactics = new Map<string, { id: string; name: string }>();
  const addTechnique = (raw: string) => {
    const m = TECHNIQUE.exec(raw.trim().toUpperCase());
    if (!m) return;
    techniques.add(`T${m[1]}`);
    if (m[2]) subtechniques.add(`T${m[1]}.${m[2]}`);
  };
  for (const t of mitre) addTechnique(t);
  for (const tag of tags) {
    const lower = tag.trim().toLowerCase();
    if (!lower.startsWith('attack.')) continue;
    const rest = lower.slice('attack.'.length);
    const tactic = TACTICS[rest];
    if (tactic) tactics.set(tactic.id, tactic);
    else addTechnique(rest);
  }
  return { techniques: [...techniques], subtechniques: [...subtechniques], tactics: [...tactics.values()] };
}

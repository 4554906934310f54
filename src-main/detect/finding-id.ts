/** The finding's id: the one id of a finding in every view (the case, the JSON's `finding_id`, the CSV's rows). */
import { createHash } from 'node:crypto';
import type { Finding } from './findings';

type IdFields = Pick<Finding, 'rule_id' | 'sigma' | 'firstTime' | 'message' | 'dest' | 'process_name' | 'registry_path' | 'registry_key_name' | 'registry_value_name' | 'user'>;

const fold = (x: string, exactCase: boolean): string => (exactCase ? x : x.toLowerCase());

const idOf = (ruleId: string, key: string): string => `${ruleId.slice(0, 8)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

/**
 * Same rule and same grouping key ⇒ same id, across re-reads of the same evidence. The key of a
 * built-in finding is Splunk's grouping key; of a Sigma finding, (rule file, dest); of a Sigma
 * correlation's, (rule file, dest, first time, message naming the group). Letter case folded.
 */
export function stableFindingId(f: IdFields): string {
  return keyId(f, false);
}

/** The id of `f`'s grouping key, its letter case folded or exact. */
function keyId(f: IdFields, exactCase: boolean): string {
  if (f.sigma) {
    // A correlation has one finding per match: several per host (groups, bursts), told apart by start and message (group values).
    const match = f.sigma.correlation ? [f.firstTime, f.message] : [];
    const key = ['sigma', f.rule_id, f.sigma.origin, f.sigma.path, fold(f.dest.trim(), exactCase), ...match].join('\u0000');
    return idOf(f.rule_id, key);
  }
  const key = [f.rule_id, f.dest, f.process_name, f.registry_path, f.registry_key_name, f.registry_value_name, f.user ?? ''].map((x) => fold(x, exactCase)).join('\u0000');
  return idOf(f.rule_id, key);
}

/**
 * Gives each finding (in their final order) its id, unique in the list: the stable id, except for
 * findings that would share one. Splunk's `stats … by` keeps rows apart whose grouping values
 * differ only in letter case (`HKCU\Software\Classes` and `HKCU\SOFTWARE\CLASSES`), which the
 * stable id folds: those take the id of their exact-case key; any still shared (a rule grouping
 * by a field the id does not name) add their place among them, in the findings' order.
 */
export function assignFindingIds(findings: (IdFields & { id: string })[]): void {
  const byId = new Map<string, (IdFields & { id: string })[]>();
  for (const f of findings) {
    f.id = stableFindingId(f);
    const l = byId.get(f.id);
    if (l) l.push(f); else byId.set(f.id, [f]);
  }
  for (const list of byId.values()) {
    if (list.length < 2) continue;
    const seen = new Map<string, number>();
    for (const f of list) {
      const exact = keyId(f, true);
      const n = seen.get(exact) ?? 0;
      seen.set(exact, n + 1);
      f.id = n === 0 ? exact : idOf(f.rule_id, `${exact}\u0000${n}`);
    }
  }
}

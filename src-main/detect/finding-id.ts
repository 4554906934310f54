/** The finding's id: the one id of a finding in every view (the case, the JSON's `finding_id`, the CSV's rows). */
import { createHash } from 'node:crypto';
import type { Finding } from './findings';

/**
 * Same rule and same grouping key ⇒ same id, across re-reads of the same evidence. The key of a
 * built-in finding is Splunk's grouping key; of a Sigma finding, (rule file, dest); of a Sigma
 * correlation's, (rule file, dest, first time, message naming the group).
 */
export function stableFindingId(f: Pick<Finding, 'rule_id' | 'sigma' | 'firstTime' | 'message' | 'dest' | 'process_name' | 'registry_path' | 'registry_key_name' | 'registry_value_name' | 'user'>): string {
  if (f.sigma) {
    // A correlation has one finding per match: several per host (groups, bursts), told apart by start and message (group values).
    const match = f.sigma.correlation ? [f.firstTime, f.message] : [];
    const key = ['sigma', f.rule_id, f.sigma.origin, f.sigma.path, f.dest.trim().toLowerCase(), ...match].join('\u0000');
    return `${f.rule_id.slice(0, 8)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  }
  const key = [f.rule_id, f.dest.toLowerCase(), f.process_name.toLowerCase(), f.registry_path.toLowerCase(), f.registry_key_name.toLowerCase(),
    f.registry_value_name.toLowerCase(), (f.user ?? '').toLowerCase()].join('\u0000');
  return `${f.rule_id.slice(0, 8)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

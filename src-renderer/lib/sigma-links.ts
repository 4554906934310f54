/**
 * Where a Sigma rule can be read: the bundled SigmaHQ rules at the commit they were taken from
 * (assets/sigma/README.md, rules.json `provenance.commit`), a user's rule at its file. Shown as
 * text to copy (the app never opens a network address).
 */
import type { SigmaRuleInfo } from '../../src-main/shared/contract';

const SIGMAHQ_REPOSITORY = 'https://github.com/SigmaHQ/sigma';
export const SIGMAHQ_COMMIT = '8eaafff1f2845a696050e05e72ba1140ee190698';

/** The SigmaHQ URL of a bundled rule, or the file path of a user's rule. */
export function ruleLink(rule: Pick<SigmaRuleInfo, 'origin' | 'path'>): { kind: 'url' | 'file'; text: string } {
  if (rule.origin === 'sigmahq') return { kind: 'url', text: `${SIGMAHQ_REPOSITORY}/blob/${SIGMAHQ_COMMIT}/${rule.path.split('/').map(encodeURIComponent).join('/')}` };
  // Sigma rules from a user folder carry their path relative to it; a rule file given alone is its own origin.
  if (rule.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rule.path) || rule.path.startsWith('\\\\')) return { kind: 'file', text: rule.path };
  const sep = rule.origin.includes('\\') && !rule.origin.includes('/') ? '\\' : '/';
  const joined = rule.origin.endsWith(rule.path) ? rule.origin : `${rule.origin.replace(/[\\/]+$/, '')}${sep}${rule.path}`;
  return { kind: 'file', text: joined };
}

/**
 * A finding → one ECS alert document (`event.kind: alert`), as a SIEM's detection engine writes
 * its alerts: `rule.*` (id, uuid, name, description, author, reference, ruleset, version,
 * category, license), `threat.*` (MITRE ATT&CK technique, sub-technique and tactic ids),
 * `event.start`/`end` (first and last match), `event.risk_score`, `event.severity` (Elastic's
 * 21/47/73/99 for low…critical), the endpoint, the process and the registry write. The finding's
 * own keys go in `labels.*`. Every name is an ECS field (test/export checks them).
 */
import type { CaseFinding, RuleDoc } from '../shared/contract';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { attackRefs } from './attack-ids';
import { put, type JsonObject } from './ecs-document';
import { ECS_VERSION } from './ecs-events';
import { putParentProcess, putRegistryValue, putUser } from './ecs-process-registry';

const SEVERITY: Record<string, number> = { informational: 0, low: 21, medium: 47, high: 73, critical: 99 };

/** What every finding of one export shares: the rule docs and the rule set's version. */
export interface FindingContext {
  rules: ReadonlyMap<string, RuleDoc>;
  rulesetVersion: string;
}

export function findingContext(rules: readonly RuleDoc[], rulesetVersion: string): FindingContext {
  return { rules: new Map(rules.map((r) => [r.id, r])), rulesetVersion };
}

/** The rule set a finding's rule belongs to, as `rule.ruleset` names it. */
export function rulesetName(f: CaseFinding): string {
  if (f.source !== 'sigma') return `${TOOL_NAME} built-in`;
  return f.sigma?.origin === 'sigmahq' ? 'SigmaHQ' : `Sigma ${f.sigma?.origin ?? ''}`.trim();
}

/** `rule.reference` is a URL: the first one in the references (ours are written `Title: https://…`). */
function firstUrl(refs: readonly string[]): string | null {
  for (const r of refs) {
    const m = /https?:\/\/\S+/.exec(r);
    if (m) return m[0];
  }
  return null;
}

export function ecsFinding(f: CaseFinding, ctx: FindingContext): JsonObject {
  const doc: JsonObject = {};
  const rule = ctx.rules.get(f.rule_id);
  const level = f.level ?? 'medium';
  const refs = f.sigma?.references ?? rule?.references ?? [];
  put(doc, '@timestamp', f.firstTime);
  put(doc, 'ecs.version', ECS_VERSION);
  put(doc, 'agent.type', TOOL_NAME);
  put(doc, 'agent.version', TOOL_VERSION);
  put(doc, 'message', `${f.rule_name}: ${f.message}`);
  put(doc, 'event.kind', 'alert');
  put(doc, 'event.category', ['intrusion_detection']);
  put(doc, 'event.type', ['indicator']);
  put(doc, 'event.id', f.id);
  put(doc, 'event.provider', TOOL_NAME);
  put(doc, 'event.start', f.firstTime);
  put(doc, 'event.end', f.lastTime);
  put(doc, 'event.risk_score', f.risk_score);
  put(doc, 'event.severity', SEVERITY[level] ?? 47);
  put(doc, 'event.reason', f.message);

  put(doc, 'rule.id', f.rule_id);
  put(doc, 'rule.uuid', f.sigma?.id ?? f.rule_id);
  put(doc, 'rule.name', f.rule_name);
  put(doc, 'rule.description', f.sigma?.description ?? rule?.description ?? null);
  put(doc, 'rule.author', f.sigma?.author ?? (f.source === 'sigma' ? null : TOOL_NAME));
  put(doc, 'rule.reference', firstUrl(refs));
  put(doc, 'rule.ruleset', rulesetName(f));
  put(doc, 'rule.version', ctx.rulesetVersion);
  put(doc, 'rule.category', f.sigma?.logsource.category ?? null);
  put(doc, 'rule.license', f.sigma?.origin === 'sigmahq' ? 'DRL-1.1' : null);

  const attack = attackRefs(f.mitre, f.sigma?.tags ?? []);
  if (attack.techniques.length + attack.tactics.length > 0) {
    put(doc, 'threat.framework', 'MITRE ATT&CK');
    put(doc, 'threat.technique.id', attack.techniques);
    put(doc, 'threat.technique.reference', attack.techniques.map((t) => `https://attack.mitre.org/techniques/${t}/`));
    put(doc, 'threat.technique.subtechnique.id', attack.subtechniques);
    put(doc, 'threat.tactic.id', attack.tactics.map((t) => t.id));
    put(doc, 'threat.tactic.name', attack.tactics.map((t) => t.name));
  }

  put(doc, 'host.name', f.dest);
  putUser(doc, f.user);
  // The writer process in the finding's own key order (name before executable), kept so the
  // export's bytes do not change; the event view's order is ecs-views.ts `actor`.
  put(doc, 'process.entity_id', f.process_guid);
  put(doc, 'process.name', f.process_name);
  put(doc, 'process.executable', f.process_path);
  put(doc, 'process.command_line', f.process);
  putParentProcess(doc, { entityId: f.parent_process_guid, pid: null, executable: null, name: f.parent_process_name, commandLine: f.parent_process });
  if (f.registry_path) {
    const keyPath = f.registry_value_name && f.registry_path.endsWith(`\\${f.registry_value_name}`)
      ? f.registry_path.slice(0, -f.registry_value_name.length - 1) : f.registry_path;
    putRegistryValue(doc, { path: f.registry_path, keyPath, value: f.registry_value_name, dataType: null, dataStrings: f.registry_value_data ? [f.registry_value_data] : [] });
  }
  put(doc, 'labels.finding_id', f.id);
  put(doc, 'labels.source', f.source ?? 'builtin');
  put(doc, 'labels.level', level);
  put(doc, 'labels.count', String(f.count));
  put(doc, 'labels.suppressed', f.suppressed ? 'true' : 'false');
  put(doc, 'labels.suppressed_by', f.suppression ? `${f.suppression.author}: ${f.suppression.reason}` : null);
  return doc;
}

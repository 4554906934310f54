/**
 * A finding → one Splunk HTTP Event Collector object shaped like an Enterprise Security notable
 * event: `sourcetype` `_json` (Splunk extracts the fields at search time), `source`
 * `evtx-triage`, `host` the endpoint, `time` the first match, and an `event` with the notable
 * fields (`search_name`, `rule_name`, `rule_title`, `rule_description`, `security_domain`,
 * `severity`, `urgency`, `risk_score`, `risk_object`/`risk_object_type`, `annotations.mitre_attack`)
 * beside the seed analytic's own table (`dest, process_name, registry_path, registry_key_name,
 * registry_value_name, user, count, firstTime, lastTime`).
 */
import type { CaseFinding } from '../shared/contract';
import { parseUtcTime } from '../model/time';
import { attackRefs } from './attack-ids';
import type { FindingContext } from './ecs-findings';
import { rulesetName } from './ecs-findings';
import { epochSecondsText } from './splunk-hec-events';

const FINDING_SOURCE = 'evtx-triage';
const FINDING_SOURCETYPE = '_json';

/** ES urgency from severity alone (the asset priority is unknown offline). */
const URGENCY: Record<string, string> = { informational: 'informational', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

export function splunkFindingLine(f: CaseFinding, ctx: FindingContext): string {
  const level = f.level ?? 'medium';
  const rule = ctx.rules.get(f.rule_id);
  const attack = attackRefs(f.mitre, f.sigma?.tags ?? []);
  const t = parseUtcTime(f.firstTime);
  const event = {
    search_name: `${f.rule_name} - Rule`,
    rule_id: f.rule_id,
    rule_name: f.rule_name,
    rule_title: `${f.rule_name} on ${f.dest}`,
    rule_description: f.sigma?.description ?? rule?.description ?? f.message,
    rule_author: f.sigma?.author ?? null,
    ruleset: rulesetName(f),
    ruleset_version: ctx.rulesetVersion,
    security_domain: 'endpoint',
    severity: level,
    urgency: URGENCY[level] ?? 'medium',
    risk_score: f.risk_score,
    risk_object: f.dest,
    risk_object_type: 'system',
    annotations: { mitre_attack: [...attack.subtechniques, ...attack.techniques], mitre_attack_tactics: attack.tactics.map((x) => x.name) },
    finding_id: f.id,
    message: f.message,
    dest: f.dest,
    user: f.user,
    process_name: f.process_name,
    process_path: f.process_path,
    process: f.process,
    process_guid: f.process_guid,
    parent_process_name: f.parent_process_name,
    parent_process: f.parent_process,
    registry_path: f.registry_path,
    registry_key_name: f.registry_key_name,
    registry_value_name: f.registry_value_name,
    registry_value_data: f.registry_value_data,
    count: f.count,
    firstTime: f.firstTime,
    lastTime: f.lastTime,
    suppressed: f.suppressed,
    source: f.source ?? 'builtin',
  };
  const time = t ? epochSecondsText(t.iso, t.ms) : null;
  return '{' + (time === null ? '' : `"time":${time},`)
    + `"host":${JSON.stringify(f.dest)},"source":"${FINDING_SOURCE}","sourcetype":"${FINDING_SOURCETYPE}",`
    + `"event":${JSON.stringify(event)}}`;
}

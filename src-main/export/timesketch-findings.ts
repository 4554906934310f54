/**
 * A finding → one line of Timesketch's JSONL import (`message`, `datetime`, `timestamp_desc`,
 * `timestamp`, then the finding's fields flat), dated at its first match, so the findings can be
 * added to the sketch beside the event timeline and read in context.
 */
import type { CaseFinding } from '../shared/contract';
import type { JsonObject } from './ecs-document';
import { attackRefs } from './attack-ids';
import { rulesetName } from './ecs-findings';
import { epochMicros, timesketchDatetime } from './timesketch-events';
import { parseUtcTime } from '../model/time';

const TIMESKETCH_FINDING_DATA_TYPE = 'evtx_triage:finding';

export function timesketchFinding(f: CaseFinding): JsonObject {
  const t = parseUtcTime(f.firstTime);
  const level = f.level ?? 'medium';
  const attack = attackRefs(f.mitre, f.sigma?.tags ?? []);
  const doc: JsonObject = {
    message: `[${level}] ${f.rule_name} on ${f.dest}: ${f.message}`,
    datetime: timesketchDatetime(t?.iso ?? null),
    timestamp: epochMicros(t?.iso ?? null, t?.ms ?? null),
    timestamp_desc: 'First Match',
    data_type: TIMESKETCH_FINDING_DATA_TYPE,
    finding_id: f.id,
    rule_id: f.rule_id,
    rule_name: f.rule_name,
    rule_source: f.source ?? 'builtin',
    ruleset: rulesetName(f),
    level,
    risk_score: f.risk_score,
    mitre_techniques: [...attack.subtechniques, ...attack.techniques.filter((x) => !attack.subtechniques.some((s) => s.startsWith(`${x}.`)))].join(', '),
    mitre_tactics: attack.tactics.map((x) => x.name).join(', '),
    count: f.count,
    first_time: f.firstTime,
    last_time: f.lastTime,
    computer_name: f.dest,
    suppressed: f.suppressed,
  };
  const put = (k: string, v: string | null | undefined) => { if (v) doc[k] = v; };
  put('user', f.user);
  put('process_name', f.process_name);
  put('process_path', f.process_path);
  put('process_command_line', f.process);
  put('process_guid', f.process_guid);
  put('parent_process_name', f.parent_process_name);
  put('parent_process_command_line', f.parent_process);
  put('registry_path', f.registry_path);
  put('registry_value_name', f.registry_value_name);
  put('registry_value_data', f.registry_value_data);
  put('rule_author', f.sigma?.author);
  put('suppressed_by', f.suppression ? `${f.suppression.author}: ${f.suppression.reason}` : null);
  return doc;
}

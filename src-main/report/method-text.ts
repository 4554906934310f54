/**
 * What the method and limits page says: plain statements for a manager or a lawyer (what was
 * examined, how it was kept intact, how findings are made and what they do not prove), and the
 * technical detail for the appendix (how files were opened, rule-set provenance, scores, how
 * characters are printed). Every statement follows from the case and the checks made
 * (soundness.ts); none is a fixed claim about a check that was not made.
 */
import type { CaseScan, ReportChecks, SigmaRunInfo } from '../shared/contract';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { fmtBytesExact, fmtInt, plural } from './format';
import { evidenceRowsText } from '../shared/evidence-rows';
import type { EvidenceSection } from './report-model-types';
import type { Soundness } from './soundness';

/** What the Sigma rules were: how many ran, from where, at which level, and what could not be loaded. */
function sigmaTechnical(info: SigmaRunInfo | undefined): string[] {
  if (!info) return ['No Sigma rule ran on this case (built-in rules only).'];
  const origins = info.origins.map((o) => `${o.rules} from ${o.origin === 'sigmahq' ? 'the bundled SigmaHQ Windows rules' : o.origin}`).join(', ');
  return [
    `Sigma: ${info.rules_run} rules ran (${origins || 'none'}), at level ${info.min_level} and above${info.rule_status ? `, statuses ${info.rule_status.join(', ')}` : ''}; ${info.rules_skipped} were loaded but not run and ${info.rules_failed} could not be loaded (each is listed with its reason in the JSON export, ruleset.sigma). A Sigma finding is one rule on one host; each matched event counts once, however many files hold it.`,
    'SigmaHQ rules are shipped under the Detection Rule License 1.1: each Sigma finding names the rule\'s author.',
  ];
}

export interface MethodText { statements: string[]; technical: string[] }

/** `fallbackFonts`: the names of the fallback fonts found for what DejaVu lacks (Hangul, kana, CJK). */
export function methodText(scan: CaseScan, checks: ReportChecks | null, evidence: EvidenceSection, sound: Soundness, fallbackFonts: string[]): MethodText {
  const t = evidence.totals;
  const sigma = scan.ruleset.sigma;
  const builtin = scan.rules.filter((r) => r.source !== 'sigma').length;
  const out = checks?.outputOutsideEvidence ?? null;
  const u = checks?.unchanged ?? null;
  const notHashed = evidence.entries.filter((e) => !e.hashComplete).length;
  const statements = [
    `What was examined: one folder of ${plural(t.files - t.kinds.members, 'file')}, ${fmtBytesExact(t.bytes)} in all, holding ${fmtInt(t.records)} recorded events. The Evidence section lists ${evidenceRowsText(t.kinds)}; each with its SHA-256 fingerprint.`,
    'How the evidence was kept intact: the files were only ever opened for reading; the tool has no way to change, rename or delete them. ' +
      (notHashed === 0
        ? 'The fingerprint of every file was computed over its whole content, so anyone can recompute it and show that the files examined are the ones listed.'
        : `The fingerprint of ${plural(notHashed, 'file')} could not be computed because the file could not be read to its end; the others were fingerprinted over their whole content.`) +
      (u === null ? ' Whether the files changed after they were read was not checked again.'
        : u.changed.length + u.missing.length === 0 ? ' After reading, every file was checked again and found unchanged.'
          : ` WARNING: after reading, ${plural(u.changed.length + u.missing.length, 'file')} had changed or gone (not through this tool).`) +
      (out === true ? ' This report was saved outside the evidence folder.' : out === false ? ' WARNING: this report was saved inside an evidence folder.' : ''),
    t.failed + t.unreadable === 0
      ? 'What could not be read: nothing; every record of every file was read.'
      : `What could not be read: ${plural(t.failed, 'damaged record')}${t.unreadable > 0 ? ` and ${plural(t.unreadable, 'file')} that could not be opened at all` : ''}. They are listed in the appendix. Activity recorded only there cannot be seen by this report.`,
    `How findings are made: every event was checked against detection rules: ${plural(builtin, 'rule')} of this tool${sigma ? ` and ${fmtInt(sigma.rules_run)} published community rules (the SigmaHQ project; each finding from them names the rule's author, as the rules' licence asks)` : ''}. A finding means that events match a known pattern of attack or misuse. It is a lead for a person to confirm, not proof by itself: legitimate software can match, and each rule's known false positives are listed in the appendix.`,
    'How sure we are: each finding has a level given by its rule (critical, high, medium, low, informational): how likely the pattern is to be malicious and how serious it would be. Findings on the same program run or on the same events are shown together as one incident; several independent rules agreeing on the same activity make it more certain. The analyst\'s review (confirmed, false positive) is shown with each finding.',
    'Suppressed findings: findings the investigators had already reviewed and recorded as expected are listed with who suppressed them, why and when, and are not counted as activity.',
    'Times: all times are Coordinated Universal Time (UTC), as recorded by the computers themselves. A computer whose clock was wrong records wrong times.',
    'Limits: the report can only show what the logs recorded. Logs that were not enabled, were cleared, or had already been overwritten hold nothing to find, so the absence of a finding does not prove that nothing happened.',
    `This report was made by ${TOOL_NAME} ${TOOL_VERSION} without any network access.`,
  ];
  const technical = [
    'All times are UTC (ISO-8601, shown as YYYY-MM-DD HH:MM:SS.mmm). Event times are the source\'s own (Sysmon UtcTime, or the record\'s TimeCreated); nothing is converted to local time.',
    ...sound.statements,
    `Evidence totals: ${evidenceRowsText(t.kinds)}; ${fmtInt(t.records)} records parsed, ${fmtInt(t.failed)} records or parts that could not be read (skipped), ${plural(t.warnings, 'warning')}, ${plural(t.unreadable, 'file')} unreadable.`,
    'Suppressed findings matched a suppression (who, why and when are listed); they are counted and listed but not detailed, and they do not count toward first and last activity.',
    'Risk scores are the rule\'s score adjusted by risk modifiers; the reasons are listed with each finding. Levels by score: critical 90–100, high 70–89, medium 40–69, low 20–39, informational 0–19. A Sigma rule\'s level gives its score: informational 10, low 25, medium 50, high 73, critical 90. A built-in rule\'s level is its risk band.',
    'Incidents: findings are grouped when they name the same process (same host and Sysmon ProcessGuid) or matched the same event record (host, record id, event id and time, from whichever file), transitively.',
    ...sigmaTechnical(sigma),
    `Characters that are invisible or reorder text (bidirectional overrides such as U+202E, zero-width characters, control characters)${fallbackFonts.length > 0 ? `, and characters none of the report's fonts (DejaVu Sans; for Hangul, kana and CJK ideographs ${fallbackFonts.join(', ')}) can draw,` : ', and characters the report font (DejaVu Sans) cannot draw, such as Hangul and CJK ideographs (no CJK font was found on this computer),'} are printed as ⟨U+XXXX⟩ with their code point, so nothing is hidden or silently dropped. Long paths and command lines are wrapped at path separators and every 40 characters; no character is added or removed.`,
  ];
  return { statements, technical };
}

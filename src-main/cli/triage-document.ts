/**
 * The headless triage's JSON document: the contract in shared/contracts/triage-output.schema.json.
 * Fields may be added; none may be renamed or removed.
 */
import type { CaseScan, IngestIssue, RuleDoc } from '../api/contract';
import type { TriageRun } from '../api/detection-run';
import { toContractFinding, type ContractFinding } from '../detect/output';
import { TOOL_NAME, TOOL_VERSION } from '../api/tool-info';

export interface TriageDocument {
  tool: { name: string; version: string };
  generated: string;
  evidence_root: string;
  fingerprint: string;
  evidence: {
    path: string;
    /** Archive members only: the archive file in the folder they were read from. */
    archive?: string;
    sha256: string;
    bytes: number;
    format: string;
    modified: string;
    hash_complete: boolean;
    /** Present when the file has no hash (could not be read to the end): why. `sha256` is then 64 zeros, a placeholder. */
    not_hashed?: string;
    /** Events read (absent for files that hold no events). */
    records?: number;
    /** Of `records`, EVTX records recovered from slack, older chunk generations or damaged chunks. */
    recovered?: number;
    /** Records or parts that could not be read. */
    errors: number;
    /** The first warnings (CRC mismatches, dirty header, odd values) with their location. */
    warnings: IngestIssue[];
    warning_count: number;
    /** The first errors with their location (chunk, offset, record id, line). */
    error_samples: IngestIssue[];
    error?: string;
  }[];
  findings: (ContractFinding & { finding_id: string })[];
  rules: RuleDoc[];
  /** Content versions; `sigma`: the Sigma set's provenance and every rule not loaded or not run. */
  ruleset: CaseScan['ruleset'];
  stats: { files: number; bytes: number; errors: number; events: number; record_errors: number; recovered: number; elapsed_ms: number };
}

export function buildTriageDocument(run: TriageRun, generated: Date = new Date()): TriageDocument {
  const { scan } = run;
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generated: generated.toISOString(),
    evidence_root: scan.root,
    fingerprint: scan.fingerprint,
    evidence: scan.evidence.map((e) => ({
      path: e.path,
      ...(e.archive !== undefined ? { archive: e.archive } : {}),
      sha256: e.sha256,
      bytes: e.bytes,
      format: e.format,
      modified: e.modified,
      hash_complete: e.hashComplete,
      ...(e.notHashed !== undefined ? { not_hashed: e.notHashed } : {}),
      ...(e.records !== null ? { records: e.records } : {}),
      ...(e.recovered !== undefined ? { recovered: e.recovered } : {}),
      errors: e.errors,
      warnings: e.warningSamples,
      warning_count: e.warnings,
      error_samples: e.errorSamples,
      ...(e.error !== undefined ? { error: e.error } : {}),
    })),
    // Same order as the case view (risk, then first seen); `finding_id` is stable across re-reads.
    findings: run.engineFindings.map((f, i) => ({ ...toContractFinding(f), finding_id: scan.findings[i]!.id })),
    rules: scan.rules,
    ruleset: scan.ruleset,
    stats: {
      files: scan.stats.files, bytes: scan.stats.bytes, errors: scan.stats.errors, events: scan.stats.events,
      record_errors: scan.stats.recordErrors, recovered: scan.stats.recovered ?? 0, elapsed_ms: scan.stats.elapsedMs,
    },
  };
}

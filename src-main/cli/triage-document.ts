/**
 * The headless triage's JSON document: the contract in shared/contracts/triage-output.schema.json.
 * Fields may be added; none may be renamed or removed.
 */
import type { CaseScan, IngestIssue } from '../api/contract';
import { TOOL_NAME, TOOL_VERSION } from '../api/tool-info';

export interface TriageDocument {
  tool: { name: string; version: string };
  generated: string;
  evidence_root: string;
  fingerprint: string;
  evidence: {
    path: string;
    sha256: string;
    bytes: number;
    format: string;
    modified: string;
    hash_complete: boolean;
    /** Events read (absent for files that hold no events). */
    records?: number;
    /** Records or parts that could not be read. */
    errors: number;
    /** The first warnings (CRC mismatches, dirty header, odd values) with their location. */
    warnings: IngestIssue[];
    warning_count: number;
    /** The first errors with their location (chunk, offset, record id, line). */
    error_samples: IngestIssue[];
    error?: string;
  }[];
  findings: unknown[];
  stats: { files: number; bytes: number; errors: number; events: number; record_errors: number; elapsed_ms: number };
}

export function buildTriageDocument(scan: CaseScan, generated: Date = new Date()): TriageDocument {
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generated: generated.toISOString(),
    evidence_root: scan.root,
    fingerprint: scan.fingerprint,
    evidence: scan.evidence.map((e) => ({
      path: e.path,
      sha256: e.sha256,
      bytes: e.bytes,
      format: e.format,
      modified: e.modified,
      hash_complete: e.hashComplete,
      ...(e.records !== null ? { records: e.records } : {}),
      errors: e.errors,
      warnings: e.warningSamples,
      warning_count: e.warnings,
      error_samples: e.errorSamples,
      ...(e.error !== undefined ? { error: e.error } : {}),
    })),
    findings: [],
    stats: {
      files: scan.stats.files, bytes: scan.stats.bytes, errors: scan.stats.errors, events: scan.stats.events,
      record_errors: scan.stats.recordErrors, elapsed_ms: scan.stats.elapsedMs,
    },
  };
}

/**
 * The headless triage's JSON document: the contract in shared/contracts/triage-output.schema.json.
 * Fields may be added; none may be renamed or removed.
 */
import type { CaseScan, IngestIssue, RuleDoc } from '../shared/contract';
import type { TriageRun } from './detection-run';
import { documentFinding, sharedPivotParts, type DocumentFinding } from '../output/document-finding';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { jsonChunks, LazyJsonArray, RepeatedJson } from '../output/json-chunks';

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
  findings: DocumentFinding[];
  rules: RuleDoc[];
  /** Content versions; `sigma`: the Sigma set's provenance and every rule not loaded or not run. */
  ruleset: CaseScan['ruleset'];
  stats: {
    files: number; bytes: number; errors: number; events: number; record_errors: number; recovered: number; elapsed_ms: number;
    /**
     * What the detection's bounds (evidence is attacker-controlled) did not keep: 0 everywhere on
     * ordinary evidence. `sigma_matches`: matches not kept because the Sigma findings cap was
     * reached; `correlation_findings`: correlation findings beyond their cap.
     */
    dropped: DroppedCounts;
  };
}

export interface DroppedCounts {
  sigma_matches: number; correlation_findings: number; processes: number; timeline_entries: number;
  file_refs: number; image_loads: number; registry_refs: number; writers: number;
}

/** The detection's dropped counts, in the document's names. */
export function droppedCounts(run: TriageRun): DroppedCounts {
  const d = run.detection.stats.dropped;
  return {
    sigma_matches: d.sigmaMatches, correlation_findings: run.detection.stats.sigma?.correlations?.droppedFindings ?? 0,
    processes: d.processes, timeline_entries: d.timelineEntries, file_refs: d.fileRefs, image_loads: d.imageLoads,
    registry_refs: d.registryRefs, writers: d.writers,
  };
}

type EvidenceEntry = TriageDocument['evidence'][number];

function* evidenceEntries(scan: CaseScan): Generator<EvidenceEntry> {
  for (const e of scan.evidence) {
    yield {
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
    };
  }
}

/** The case's findings, in its order (risk, then first seen); `finding_id` is their id, stable across re-reads. */
function* documentFindings(run: TriageRun): Generator<DocumentFinding> {
  for (const f of run.scan.findings) yield documentFinding(f);
}

/** The document with its two long lists as given (arrays, or lazy arrays for the streamed text); keys in the contract's order. */
function documentWith<E, F>(run: TriageRun, generated: Date, evidence: E, findings: F) {
  const { scan } = run;
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generated: generated.toISOString(),
    evidence_root: scan.root,
    fingerprint: scan.fingerprint,
    evidence,
    findings,
    rules: scan.rules,
    ruleset: scan.ruleset,
    stats: {
      files: scan.stats.files, bytes: scan.stats.bytes, errors: scan.stats.errors, events: scan.stats.events,
      record_errors: scan.stats.recordErrors, recovered: scan.stats.recovered ?? 0, elapsed_ms: scan.stats.elapsedMs,
      dropped: droppedCounts(run),
    },
  };
}

/** The whole document as objects (tests, small cases). The CLI writes `triageDocumentJson` instead. */
export function buildTriageDocument(run: TriageRun, generated: Date = new Date()): TriageDocument {
  return documentWith(run, generated, [...evidenceEntries(run.scan)], [...documentFindings(run)]);
}

/**
 * The document's text in pieces, exactly `JSON.stringify(buildTriageDocument(run, generated), null, 2) + '\n'`,
 * with each evidence entry and finding made only when it is written: memory does not grow with
 * the text (100,000 findings are ~200 MB of JSON). For `writeFileAtomicFrom`.
 */
export function* triageDocumentJson(run: TriageRun, generated: Date = new Date()): Generator<string> {
  const lazy = documentWith(
    run, generated, new LazyJsonArray(() => evidenceEntries(run.scan)), new LazyJsonArray(() => documentFindings(run)),
  );
  // Findings of one process share its pivots' objects: each is written once, its text reused.
  const repeated = new RepeatedJson();
  for (const f of run.scan.findings) for (const part of sharedPivotParts(f)) repeated.count(part);
  // Opened down to a finding's pivots (document, findings, finding, pivots), whose parts are written whole.
  yield* jsonChunks(lazy, 2, { openDepth: 4, repeated });
  yield '\n';
}

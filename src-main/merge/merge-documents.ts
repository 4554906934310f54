/**
 * `npm run merge`: triage documents of several evidence folders (several laptops, or one
 * collection split) folded into one document of the same contract. Documents are read one at a
 * time and dropped once folded, so memory holds the distinct findings and the evidence list, never
 * all the inputs at once. A document that cannot be used is refused with its reason
 * (read-triage-document.ts) and the others go on.
 *
 * The merged document: `evidence[]` lists every entry of every document with `source_document`
 * (the input as named on the command line) and `source_root` (that document's `evidence_root`);
 * a document whose fingerprint equals an earlier one's (the same evidence triaged twice) adds its
 * findings (deduplicated anyway) but not its evidence again. `findings[]`: merge-findings.ts.
 * `rules[]`: every rule documented by any document, once per id. `ruleset`: the first document's,
 * and `merge.documents[]` names each document's rule set version; differing versions are a
 * warning (the same evidence could give other findings). `stats`: totals over the evidence listed
 * (each file once), with the merge's own time. `evidence_root`: the documents' common root, else '' with `evidence_roots`.
 */
import { createHash } from 'node:crypto';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';
import { FindingMerger, MAX_MERGED_EVENTS, type MergedFinding } from './merge-findings';
import { MergeInputError, readTriageDocument, type InputDocument } from './read-triage-document';

interface MergedDocumentInfo {
  document: string;
  generated: string | null;
  tool_version: string;
  evidence_root: string;
  fingerprint: string;
  evidence: number;
  findings: number;
  ruleset_version: string | null;
  sigma_version: string | null;
  /** Set when the same evidence (fingerprint) was already merged from an earlier document. */
  duplicate_of?: string;
}

interface MergeRefusal { document: string; code: string; reason: string }

/** The merged document but its findings (which `MergedCase.findings()` streams). */
interface MergedDocument {
  tool: { name: string; version: string };
  generated: string;
  evidence_root: string;
  evidence_roots: string[];
  fingerprint: string;
  evidence: Record<string, unknown>[];
  rules: Record<string, unknown>[];
  ruleset: Record<string, unknown>;
  stats: { files: number; bytes: number; errors: number; events: number; record_errors: number; recovered: number; elapsed_ms: number; dropped: Record<string, number> };
  merge: { documents: MergedDocumentInfo[]; refused: MergeRefusal[]; warnings: string[]; findings: number; duplicate_findings: number; rule: string };
}

export interface MergedCase {
  doc: MergedDocument;
  /** The findings in order, read back one at a time (each call starts again). */
  findings: () => Generator<MergedFinding>;
  /** The same as JSON text, one finding per string. */
  lines: () => Generator<string>;
  /** Frees the findings' spill file. */
  close: () => void;
}

const MERGE_RULE = 'findings deduplicated by finding_id; events: union by record (record_id, event_id, time), at most '
  + `${MAX_MERGED_EVENTS}; firstTime min, lastTime max; count: distinct events when every copy listed all its events, else the largest count `
  + '(count_basis); other fields from the copy with the highest risk; suppressed when any copy was; analyst annotations all kept, '
  + 'the latest as triage, disagreements in triage_conflicts (with source_document)';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface MergeInput {
  /** As named on the command line (shown in the document). */
  label: string;
  /** Resolved path to read. */
  file: string;
}

/** Merges the documents; `onDocument` hears of each as it is folded or refused (console progress). */
export async function mergeTriageDocuments(inputs: readonly MergeInput[], now: () => number = Date.now, onDocument?: (label: string, error: MergeInputError | null) => void): Promise<MergedCase> {
  const started = now();
  const merger = new FindingMerger();
  const documents: MergedDocumentInfo[] = [];
  const refused: MergeRefusal[] = [];
  const evidence: Record<string, unknown>[] = [];
  const rules = new Map<string, Record<string, unknown>>();
  const fingerprints = new Map<string, string>();
  const stats = { files: 0, bytes: 0, errors: 0, events: 0, record_errors: 0, recovered: 0 };
  const dropped: Record<string, number> = Object.create(null) as Record<string, number>;
  let ruleset: Record<string, unknown> | null = null;
  // The spill file is removed when folding fails (a disk error); the caller closes it otherwise.
  try {
    for (const input of inputs) {
      let doc: InputDocument;
      try {
        doc = await readTriageDocument(input.file);
      } catch (e) {
        const err = e instanceof MergeInputError ? e : new MergeInputError('io', (e as Error).message);
        refused.push({ document: input.label, code: err.code, reason: err.message });
        onDocument?.(input.label, err);
        continue;
      }
      const duplicateOf = doc.fingerprint !== '' ? fingerprints.get(doc.fingerprint) : undefined;
      const sigma = doc.ruleset?.sigma as Record<string, unknown> | undefined;
      documents.push({
        document: input.label, generated: doc.generated, tool_version: doc.tool.version, evidence_root: doc.evidence_root, fingerprint: doc.fingerprint,
        evidence: doc.evidence.length, findings: doc.findings.length, ruleset_version: text(doc.ruleset?.version), sigma_version: text(sigma?.version),
        ...(duplicateOf !== undefined ? { duplicate_of: duplicateOf } : {}),
      });
      if (duplicateOf === undefined) {
        if (doc.fingerprint !== '') fingerprints.set(doc.fingerprint, input.label);
        for (const e of doc.evidence) {
          evidence.push({ ...e, source_document: input.label, source_root: doc.evidence_root });
          // Totals from the rows listed (shared/evidence-totals.ts: archive rows hold their members' sums).
          const member = typeof e.archive === 'string';
          if (!member) { stats.files++; stats.bytes += e.bytes; }
          if (typeof e.error === 'string') stats.errors++;
          if (e.format !== 'zip') { stats.events += num(e.records); stats.record_errors += num(e.errors); stats.recovered += num(e.recovered); }
        }
        addDropped(dropped, doc.stats?.dropped);
      }
      for (const f of doc.findings) merger.add(f, input.label);
      for (const r of doc.rules) if (typeof r.id === 'string' && !rules.has(r.id)) rules.set(r.id, r);
      ruleset ??= doc.ruleset;
      onDocument?.(input.label, null);
    }
  } catch (e) {
    merger.close();
    throw e;
  }
  const warnings: string[] = [];
  const versions = new Set(documents.map((d) => `${d.ruleset_version ?? '?'} / ${d.sigma_version ?? 'no Sigma'}`));
  if (versions.size > 1) warnings.push(`the documents were made with different rule sets (${[...versions].join('; ')}): the same evidence could give other findings under another set`);
  const roots = [...new Set(documents.map((d) => d.evidence_root))];
  const fp = createHash('sha256');
  for (const f of [...new Set(documents.map((d) => d.fingerprint))].sort()) fp.update(`${f}\n`);
  const doc: MergedDocument = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generated: new Date().toISOString(),
    evidence_root: roots.length === 1 ? roots[0]! : '',
    evidence_roots: roots,
    fingerprint: fp.digest('hex'),
    evidence,
    rules: [...rules.values()],
    ruleset: ruleset ?? { version: 'unknown', intel_version: 'unknown' },
    stats: { ...stats, elapsed_ms: now() - started, dropped: { ...dropped } },
    merge: { documents, refused, warnings, findings: merger.size, duplicate_findings: merger.duplicates, rule: MERGE_RULE },
  };
  return { doc, findings: () => merger.findings(), lines: () => merger.lines(), close: () => merger.close() };
}

/**
 * Sums a document's `stats.dropped` (what its detection's bounds did not keep) into `into`: each
 * document's bounds were reached on its own evidence, so the counts add. Unknown or non-count
 * entries are ignored (the document is attacker-controlled).
 */
function addDropped(into: Record<string, number>, dropped: unknown): void {
  if (typeof dropped !== 'object' || dropped === null || Array.isArray(dropped)) return;
  for (const [k, v] of Object.entries(dropped)) {
    if (!/^[a-z_]{1,40}$/.test(k) || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) continue;
    into[k] = (into[k] ?? 0) + v;
  }
}

/** A scripted TriageClient for component tests: records calls, answers from fixtures. */
import type { ApiCallName, ApiEvents, CaseScan, FolderListing, ApiEventName, ImportedCase } from '../../src-main/shared/contract';
import type { TriageClient } from '../../src-renderer/lib/bridge';

export function fakeScan(root: string, fingerprint: string, paths: string[]): CaseScan {
  return {
    root, fingerprint, scannedAt: '2026-11-25T10:00:00.000Z',
    evidence: paths.map((p, i) => ({
      path: p, bytes: 1000 * (i + 1), modified: '2026-11-01T00:00:00.000Z',
      sha256: String(i).repeat(64).slice(0, 64), hashComplete: true, format: p.endsWith('.evtx') ? 'evtx' : 'unknown',
      records: p.endsWith('.evtx') ? 10 : null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [],
    })),
    findings: [], rules: [], ruleset: { version: 'test', intel_version: 'test' },
    stats: { files: paths.length, bytes: 1000, errors: 0, events: 10, recordErrors: 0, elapsedMs: 5 },
  };
}

export class FakeClient implements TriageClient {
  calls: ApiCallName[] = [];
  args: { name: ApiCallName; arg: unknown }[] = [];
  private listeners: ((p: ApiEvents['progress']) => void)[] = [];
  /** What the rules folder dialog answers. */
  rulesChosen: string | null = null;
  /** What importing a triage document answers (null: the dialog was cancelled). */
  imported: ImportedCase | null = null;
  /** Answers a scan from its argument (e.g. another result when rules are chosen); default: `scan`. */
  scanFor: ((arg: { root: string; jobId: string; rules?: unknown }) => CaseScan) | null = null;
  /** Holds scan answers back until `releaseScan` (to look at the progress screen). */
  delayScan = false;
  private held: (() => void)[] = [];
  releaseScan(): void { this.delayScan = false; for (const r of this.held.splice(0)) r(); }
  constructor(public scan: CaseScan, public chosen: string | null = scan.root) {}

  emitProgress(p: ApiEvents['progress']): void { for (const l of this.listeners) l(p); }

  async call(name: ApiCallName, arg: unknown): Promise<never> {
    this.calls.push(name);
    this.args.push({ name, arg });
    if (name === 'scanEvidenceFolder' && this.delayScan) await new Promise<void>((r) => this.held.push(r));
    const answer = ((): unknown => {
      switch (name) {
        case 'chooseEvidenceFolder': return this.chosen;
        case 'listEvidenceFolder': return { root: this.scan.root, fingerprint: this.scan.fingerprint, files: [], skipped: [], totalBytes: 0 } satisfies FolderListing;
        case 'scanEvidenceFolder': {
          const { jobId } = arg as { jobId: string };
          this.emitProgress({ jobId, phase: 'reading', filesDone: 1, filesTotal: 2, bytesDone: 50, bytesTotal: 100, events: 0, currentFile: 'x', eventsPerSecond: 0, files: [] });
          return this.scanFor ? this.scanFor(arg as { root: string; jobId: string }) : this.scan;
        }
        case 'chooseRulesFolder': return this.rulesChosen;
        case 'importTriageDocument': return this.imported;
        case 'cancelJob': return true;
        case 'saveExport': return { path: `/tmp/${(arg as { suggestedName: string }).suggestedName}` };
        case 'saveReport': return { path: '/tmp/report.pdf', bytes: 12345 };
        default: return null;
      }
    })();
    return answer as never;
  }

  private grantListeners: ((p: ApiEvents['folderGranted']) => void)[] = [];

  /** Main granting a folder outside a call (dropped onto the window, or the command line). */
  emitFolderGranted(p: ApiEvents['folderGranted']): void { for (const l of this.grantListeners) l(p); }

  private menuListeners: ((p: ApiEvents['menuAction']) => void)[] = [];

  /** Main telling the page a menu item was chosen. */
  emitMenuAction(p: ApiEvents['menuAction']): void { for (const l of this.menuListeners) l(p); }

  on<E extends ApiEventName>(name: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (name === 'menuAction') {
      const l = listener as (p: ApiEvents['menuAction']) => void;
      this.menuListeners.push(l);
      return () => { this.menuListeners = this.menuListeners.filter((x) => x !== l); };
    }
    if (name === 'folderGranted') {
      const l = listener as (p: ApiEvents['folderGranted']) => void;
      this.grantListeners.push(l);
      return () => { this.grantListeners = this.grantListeners.filter((x) => x !== l); };
    }
    const l = listener as (p: ApiEvents['progress']) => void;
    this.listeners.push(l);
    return () => { this.listeners = this.listeners.filter((x) => x !== l); };
  }
}

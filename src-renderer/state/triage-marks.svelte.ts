/**
 * What the analyst decides about a case's findings: triage status and notes (per case), the
 * suppressions made in the UI (across cases), and the analyst's name that signs them. Each
 * decision is written to the cache; one that needs a name waits for it (`askName`).
 */
import type { FindingAnnotation, FindingStatus } from '../../src-main/shared/contract';
import type { CaseDb, FindingRow, UiSuppression } from '../lib/case-db';
import { describeDbError } from '../lib/db-errors';
import { newSuppressionId } from '../lib/suppress';

export const STATUS_LABELS: Record<FindingStatus, string> = {
  new: 'New', investigating: 'Investigating', confirmed: 'Confirmed', false_positive: 'False positive', suppressed: 'Suppressed',
};

type Pending =
  | { kind: 'status'; id: string; status: FindingStatus }
  | { kind: 'note'; id: string; note: string }
  | { kind: 'suppress'; finding: FindingRow; fields: string[]; reason: string }
  | { kind: 'then'; run: () => Promise<void> };

export class TriageMarks {
  annotations = $state.raw<Map<string, FindingAnnotation>>(new Map());
  suppressions = $state.raw<UiSuppression[]>([]);
  analyst = $state<string>('');
  /** Set when an action needs the analyst's name first. */
  askName = $state(false);
  private pending: Pending | null = null;
  private counter = 0;

  /** `onError` shows a failed write to the analyst. */
  constructor(private readonly db: CaseDb, private readonly fingerprint: string, private readonly onError: (message: string) => void) {}

  /** Reads the case's annotations, the suppressions and the analyst's name (throws on a cache error). */
  async load(): Promise<void> {
    const [annotations, suppressions, analyst] = await Promise.all([
      this.db.annotationsOf(this.fingerprint), this.db.suppressions.toArray(), this.db.getSetting('analyst'),
    ]);
    this.annotations = annotations;
    this.suppressions = suppressions;
    this.analyst = analyst ?? '';
  }

  statusOf(id: string): FindingStatus {
    return this.annotations.get(id)?.status ?? 'new';
  }

  private needName(p: Pending): boolean {
    if (this.analyst.trim()) return false;
    this.pending = p;
    this.askName = true;
    return true;
  }

  /** Runs `run` now when the analyst's name is known, else asks for it first (the report's cover names the analyst). */
  async withName(run: () => Promise<void>): Promise<void> {
    if (this.needName({ kind: 'then', run })) return;
    await run();
  }

  async setAnalyst(name: string): Promise<void> {
    const n = name.trim();
    if (!n) return;
    await this.guard(async () => {
      await this.db.setSetting('analyst', n);
      this.analyst = n;
      this.askName = false;
      const p = this.pending;
      this.pending = null;
      if (p?.kind === 'status') await this.setStatus(p.id, p.status);
      else if (p?.kind === 'note') await this.setNote(p.id, p.note);
      else if (p?.kind === 'suppress') await this.suppressLike(p.finding, p.fields, p.reason);
      else if (p?.kind === 'then') await p.run();
    });
  }

  cancelName(): void {
    this.askName = false;
    this.pending = null;
  }

  async setStatus(id: string, status: FindingStatus): Promise<void> {
    if (this.needName({ kind: 'status', id, status })) return;
    const prev = this.annotations.get(id);
    await this.write(id, { status, note: prev?.note ?? '', by: this.analyst, at: new Date().toISOString() });
  }

  async setNote(id: string, note: string): Promise<void> {
    const prev = this.annotations.get(id);
    if ((prev?.note ?? '') === note) return;
    if (this.needName({ kind: 'note', id, note })) return;
    await this.write(id, { status: prev?.status ?? 'new', note, by: this.analyst, at: new Date().toISOString() });
  }

  private async write(id: string, a: FindingAnnotation): Promise<void> {
    await this.guard(async () => {
      await this.db.annotate(this.fingerprint, id, a);
      const next = new Map(this.annotations);
      next.set(id, a);
      this.annotations = next;
    });
  }

  /** Suppresses every finding whose chosen fields equal this finding's (in every case). */
  async suppressLike(finding: FindingRow, fields: string[], reason: string): Promise<void> {
    if (fields.length === 0) return;
    if (this.needName({ kind: 'suppress', finding, fields, reason })) return;
    const conditions: Record<string, string> = {};
    for (const k of fields) conditions[k] = String((finding as unknown as Record<string, unknown>)[k] ?? '');
    const s: UiSuppression = { id: newSuppressionId(new Date(), ++this.counter), conditions, author: this.analyst, reason: reason.trim() || 'no reason given', date: new Date().toISOString() };
    await this.guard(async () => {
      await this.db.suppressions.put(s);
      this.suppressions = [...this.suppressions, s];
    });
  }

  async removeSuppression(id: string): Promise<void> {
    await this.guard(async () => {
      await this.db.suppressions.delete(id);
      this.suppressions = this.suppressions.filter((s) => s.id !== id);
    });
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.onError(describeDbError(err) ?? `Saving to the case cache failed: ${(err as Error).message}`);
    }
  }
}

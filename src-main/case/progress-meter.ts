/**
 * Keeps the counters of a running job and turns them into ProgressEvents: totals for the phase,
 * and per file (a file may be several work items: EVTX chunk ranges) what changed since the
 * previous event.
 */
import type { FileProgress, ProgressEvent, ProgressPhase } from '../shared/contract';

interface FileState { bytesTotal: number; items: Map<number, { bytes: number; events: number }>; state: FileProgress['state'] | 'waiting'; started: number; finished: number; errors: number; skipped?: string }

export class ProgressMeter {
  phase: ProgressPhase = 'listing';
  filesDone = 0;
  filesTotal = 0;
  bytesTotal = 0;
  currentFile: string | null = null;
  private readonly bytesByItem = new Map<number, number>();
  private readonly eventsByItem = new Map<number, number>();
  private readonly files = new Map<string, FileState>();
  private readonly changed = new Set<string>();
  private phaseStarted = Date.now();

  constructor(private readonly jobId: string) {}

  startPhase(phase: ProgressPhase, filesTotal: number, bytesTotal: number): void {
    this.phase = phase;
    this.filesDone = 0;
    this.filesTotal = filesTotal;
    this.bytesTotal = bytesTotal;
    this.bytesByItem.clear();
    this.files.clear();
    this.changed.clear();
    this.phaseStarted = Date.now();
  }

  /** A file of this phase and its size (before any of its items runs). */
  declareFile(path: string, bytesTotal: number): void {
    this.files.set(path, { bytesTotal, items: new Map(), state: 'waiting', started: 0, finished: 0, errors: 0 });
  }

  /** A file of the folder this phase does not read, and why (reported once, as done, outside the phase's totals). */
  skipFile(path: string, bytes: number, why: string): void {
    const now = Date.now();
    this.files.set(path, { bytesTotal: bytes, items: new Map(), state: 'done', started: now, finished: now, errors: 0, skipped: why });
    this.changed.add(path);
  }

  item(id: number, bytesDone: number, events: number, file: string): void {
    this.bytesByItem.set(id, bytesDone);
    this.eventsByItem.set(id, events);
    this.currentFile = file;
    const f = this.files.get(file);
    if (f && f.state !== 'done') {
      if (f.state === 'waiting') { f.state = 'reading'; f.started = Date.now(); }
      f.items.set(id, { bytes: bytesDone, events });
      this.changed.add(file);
    }
  }

  fileDone(path: string, errors = 0): void {
    const f = this.files.get(path);
    if (!f) return;
    if (f.state === 'waiting') f.started = Date.now();
    f.state = 'done';
    f.finished = Date.now();
    f.errors = errors;
    this.changed.add(path);
  }

  get events(): number {
    let n = 0;
    for (const v of this.eventsByItem.values()) n += v;
    return n;
  }

  /** The current totals, and the files that changed since the previous snapshot. */
  snapshot(): ProgressEvent {
    let bytesDone = 0;
    for (const v of this.bytesByItem.values()) bytesDone += v;
    const now = Date.now();
    const seconds = (now - this.phaseStarted) / 1000;
    const events = this.events;
    const files: FileProgress[] = [];
    for (const path of this.changed) {
      const f = this.files.get(path);
      if (!f || f.state === 'waiting') continue;
      let bytes = 0;
      let ev = 0;
      for (const it of f.items.values()) { bytes += it.bytes; ev += it.events; }
      files.push({
        path, state: f.state, bytesDone: f.state === 'done' ? f.bytesTotal : Math.min(bytes, f.bytesTotal), bytesTotal: f.bytesTotal,
        events: ev, elapsedMs: (f.state === 'done' ? f.finished : now) - f.started, errors: f.errors,
        ...(f.skipped !== undefined ? { skipped: f.skipped } : {}),
      });
    }
    this.changed.clear();
    return {
      jobId: this.jobId, phase: this.phase, filesDone: this.filesDone, filesTotal: this.filesTotal,
      bytesDone: Math.min(bytesDone, this.bytesTotal), bytesTotal: this.bytesTotal, events, currentFile: this.currentFile,
      eventsPerSecond: this.phase === 'reading' && seconds > 0 ? Math.round(events / seconds) : 0,
      files,
    };
  }
}

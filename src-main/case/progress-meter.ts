/**
 * Keeps the counters of a running job and turns them into ProgressEvents: totals for the phase,
 * and per file (a file may be several work items: EVTX chunk ranges) what changed since the
 * previous event. Bytes are the files' sizes on disk, the number the evidence list, the CLI and
 * the PDF give (issue 19: the reading pass said 2.01 MB, its EVTX chunks, where the case said
 * 2.05 MB): a pass whose items count other bytes (an EVTX file's chunk slots, not its 4 KiB header)
 * declares them, and its progress is scaled to the file's size.
 */
import type { FileProgress, ProgressEvent, ProgressPhase } from '../shared/contract';

interface FileState { bytesTotal: number; workBytes: number; items: Map<number, { bytes: number; events: number }>; state: FileProgress['state'] | 'waiting'; started: number; finished: number; errors: number; skipped?: string }

export class ProgressMeter {
  phase: ProgressPhase = 'listing';
  filesDone = 0;
  filesTotal = 0;
  bytesTotal = 0;
  currentFile: string | null = null;
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
    this.files.clear();
    this.changed.clear();
    this.phaseStarted = Date.now();
  }

  /**
   * A file of this phase (before any of its items runs): its size on disk and, when its items count
   * other bytes, the bytes they count in all (the phase's total is the sum of the sizes on disk).
   */
  declareFile(path: string, bytesTotal: number, workBytes = bytesTotal): void {
    this.files.set(path, { bytesTotal, workBytes, items: new Map(), state: 'waiting', started: 0, finished: 0, errors: 0 });
  }

  /** A file of the folder this phase does not read, and why (reported once, as done, outside the phase's totals). */
  skipFile(path: string, bytes: number, why: string): void {
    const now = Date.now();
    this.files.set(path, { bytesTotal: bytes, workBytes: bytes, items: new Map(), state: 'done', started: now, finished: now, errors: 0, skipped: why });
    this.changed.add(path);
  }

  /** Item `id` of `file` has read `bytesDone` of the bytes its file declared as work, and `events`. */
  item(id: number, bytesDone: number, events: number, file: string): void {
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

  /** A file's bytes read so far, on the scale of its size on disk: all of it once done. */
  private bytesDoneOf(f: FileState): number {
    if (f.state === 'done') return f.bytesTotal;
    let work = 0;
    for (const it of f.items.values()) work += it.bytes;
    if (f.workBytes <= 0) return 0;
    return Math.min(f.bytesTotal, Math.round((work * f.bytesTotal) / f.workBytes));
  }

  /** The current totals (the files of the phase; a skipped file is outside them), and the files that changed since the previous snapshot. */
  snapshot(): ProgressEvent {
    let bytesDone = 0;
    for (const f of this.files.values()) if (f.skipped === undefined) bytesDone += this.bytesDoneOf(f);
    const now = Date.now();
    const seconds = (now - this.phaseStarted) / 1000;
    const events = this.events;
    const files: FileProgress[] = [];
    for (const path of this.changed) {
      const f = this.files.get(path);
      if (!f || f.state === 'waiting') continue;
      let ev = 0;
      for (const it of f.items.values()) ev += it.events;
      files.push({
        path, state: f.state, bytesDone: this.bytesDoneOf(f), bytesTotal: f.bytesTotal,
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

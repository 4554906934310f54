/** Keeps the counters of a running job and turns them into ProgressEvents. */
import type { ProgressEvent, ProgressPhase } from './contract';

export class ProgressMeter {
  phase: ProgressPhase = 'listing';
  filesDone = 0;
  filesTotal = 0;
  bytesTotal = 0;
  currentFile: string | null = null;
  private readonly bytesByItem = new Map<number, number>();
  private readonly eventsByItem = new Map<number, number>();
  private phaseStarted = Date.now();

  constructor(private readonly jobId: string) {}

  startPhase(phase: ProgressPhase, filesTotal: number, bytesTotal: number): void {
    this.phase = phase;
    this.filesDone = 0;
    this.filesTotal = filesTotal;
    this.bytesTotal = bytesTotal;
    this.bytesByItem.clear();
    this.phaseStarted = Date.now();
  }

  item(id: number, bytesDone: number, events: number, file: string): void {
    this.bytesByItem.set(id, bytesDone);
    this.eventsByItem.set(id, events);
    this.currentFile = file;
  }

  get events(): number {
    let n = 0;
    for (const v of this.eventsByItem.values()) n += v;
    return n;
  }

  snapshot(): ProgressEvent {
    let bytesDone = 0;
    for (const v of this.bytesByItem.values()) bytesDone += v;
    const seconds = (Date.now() - this.phaseStarted) / 1000;
    const events = this.events;
    return {
      jobId: this.jobId, phase: this.phase, filesDone: this.filesDone, filesTotal: this.filesTotal,
      bytesDone: Math.min(bytesDone, this.bytesTotal), bytesTotal: this.bytesTotal, events, currentFile: this.currentFile,
      eventsPerSecond: this.phase === 'reading' && seconds > 0 ? Math.round(events / seconds) : 0,
    };
  }
}

/**
 * Long work in the renderer (a filter or a histogram over a million events) as a job of short
 * slices: the first slice at once (a small case finishes in it, with no frame in between), the
 * rest as tasks between which the page draws; starting the job again drops the run before.
 */
import { stepDone } from './perf-steps';
import { yieldToPage, type YieldPriority } from './yield-to-page';

export interface SliceOptions {
  /** The longest a slice runs (ms). */
  sliceMs: number;
  /** The first slice's own limit (ms), when it shares its task with other work; sliceMs when unset. */
  firstMs?: number;
  /** The priority of the later slices' tasks (lib/yield-to-page.ts). */
  priority: YieldPriority;
  /** Awaited before each later slice (e.g. until the grid is still). */
  before?: () => Promise<void>;
  /** The step's name in the performance timeline (lib/perf-steps.ts). */
  step: string;
}

export class SlicedJob {
  private id = 0;

  /**
   * Runs `slice(deadline)` until it returns true, then `done()`. Returns true when the first
   * slice finished the work (done has run); a later run() or stop() drops this one.
   */
  run(slice: (deadline: number) => boolean, done: () => void, o: SliceOptions): boolean {
    const id = ++this.id;
    const once = (ms: number): boolean => {
      const t0 = performance.now();
      const end = slice(t0 + ms);
      stepDone(o.step, t0);
      return end;
    };
    if (once(o.firstMs ?? o.sliceMs)) { done(); return true; }
    const rest = async (): Promise<void> => {
      for (;;) {
        await yieldToPage(o.priority);
        if (o.before) await o.before();
        if (id !== this.id) return;
        if (once(o.sliceMs)) { done(); return; }
      }
    };
    void rest();
    return false;
  }

  /** Drops the run in progress (its done() never runs). */
  stop(): void { this.id++; }
}

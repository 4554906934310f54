/**
 * Gives the page a turn: long work in the renderer runs in slices between these. Where the
 * Prioritized Task Scheduling API exists (`scheduler.postTask`, Chromium), the rest of the work is
 * a task of the given priority: `background` work (the reads and indexing behind the explorer's
 * grid) then runs only when no frame, input or normal task is waiting, so it never delays a scroll
 * frame. Elsewhere a MessageChannel message (a macrotask without setTimeout's 4 ms clamp).
 * https://wicg.github.io/scheduling-apis/#dom-scheduler-posttask
 */
export type YieldPriority = 'user-visible' | 'background';

interface Scheduler { postTask(cb: () => void, opts?: { priority?: YieldPriority | 'user-blocking' }): Promise<void> }

export function yieldToPage(priority: YieldPriority = 'user-visible'): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler && typeof scheduler.postTask === 'function') return scheduler.postTask(() => {}, { priority });
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(null); });
}

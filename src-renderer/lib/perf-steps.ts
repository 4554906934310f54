/**
 * The explorer's steps in the browser's performance timeline (User Timing `performance.measure`,
 * named `explorer:<step>`), so a trace or the bench can say which of them landed in a slow frame.
 * Only steps that took long enough to matter to a frame are recorded, and the entries are cleared
 * once there are many, so hours of use never grow the timeline without bound.
 */
const MIN_MS = 2;
const MAX_ENTRIES = 5000;
let entries = 0;
const names = new Set<string>();

/** Records `explorer:<step>` from `start` (performance.now()) to now when it took MIN_MS or more. */
export function stepDone(step: string, start: number): void {
  const end = performance.now();
  if (end - start < MIN_MS || typeof performance.measure !== 'function') return;
  const name = `explorer:${step}`;
  if (++entries > MAX_ENTRIES) { for (const n of names) performance.clearMeasures(n); names.clear(); entries = 1; }
  names.add(name);
  performance.measure(name, { start, end });
}

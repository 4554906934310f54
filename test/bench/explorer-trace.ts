/**
 * A Chrome trace of the explorer's scroll (DevTools protocol `Tracing`), and where its frames go:
 * the renderer main thread's time per frame (rAF to rAF) by what the browser did — script, style
 * recalculation, layout, paint, garbage collection — and the raster threads' time beside it, for
 * the median frame and the slowest 5 %. Numbers only; the trace file opens in chrome://tracing.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } }

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'blink', 'cc', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

/** What a main-thread event counts as (events not named here are counted by their parents). */
const KIND: Record<string, string> = {
  FunctionCall: 'script', EventDispatch: 'script', FireAnimationFrame: 'script', TimerFire: 'script', 'v8.callFunction': 'script', RunMicrotasks: 'script',
  UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'paint', Paint: 'paint', Layerize: 'paint', 'LocalFrameView::RunPaintLifecyclePhase': 'paint', UpdateLayer: 'paint', CompositeLayers: 'paint',
  MinorGC: 'gc', MajorGC: 'gc', 'V8.GCScavenger': 'gc', 'V8.GCFinalizeMC': 'gc', 'V8.GCIncrementalMarking': 'gc', 'BlinkGC.AtomicPhase': 'gc',
};

export async function startTrace(cdp: CDPSession): Promise<{ stop: () => Promise<TraceEvent[]> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => { events.push(...(d.value as unknown as TraceEvent[])); });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  return {
    stop: async () => {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      return events;
    },
  };
}

export interface FrameCost { ms: number; main: Record<string, number>; raster: number }

/** Per frame (between two FireAnimationFrame starts of the page's main thread): the main thread's time by kind, and raster time. */
export function frameCosts(events: readonly TraceEvent[]): FrameCost[] {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const rafs = events.filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X');
  if (rafs.length < 2) return [];
  const mainKey = `${rafs[0]!.pid}:${rafs[0]!.tid}`;
  const starts = rafs.filter((e) => `${e.pid}:${e.tid}` === mainKey).map((e) => e.ts).sort((a, b) => a - b);
  const frames: FrameCost[] = starts.slice(1).map((t, k) => ({ ms: (t - starts[k]!) / 1000, main: {}, raster: 0 }));
  const frameOf = (ts: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= ts) lo = mid; else hi = mid - 1; }
    return starts[lo]! <= ts && lo < frames.length ? lo : -1;
  };
  // Only the outermost event of each kind on the main thread is counted (nested ones are inside it).
  const open: { end: number; kind: string }[] = [];
  const main = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === mainKey && KIND[e.name]).sort((a, b) => a.ts - b.ts);
  for (const e of main) {
    while (open.length && open[open.length - 1]!.end <= e.ts) open.pop();
    const kind = KIND[e.name]!;
    const end = e.ts + (e.dur ?? 0);
    if (!open.some((o) => o.kind === kind)) {
      // GC inside script is counted as GC, and taken off the script.
      const f = frameOf(e.ts);
      if (f >= 0) {
        const m = frames[f]!.main;
        m[kind] = (m[kind] ?? 0) + (e.dur ?? 0) / 1000;
        const parent = open[open.length - 1];
        if (parent && kind === 'gc') m[parent.kind] = (m[parent.kind] ?? 0) - (e.dur ?? 0) / 1000;
      }
    }
    open.push({ end, kind });
  }
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RasterTask' && e.name !== 'TileManager::FlushAndIssueSignals') continue;
    if (!(names.get(`${e.pid}:${e.tid}`) ?? '').startsWith('CompositorTileWorker')) continue;
    const f = frameOf(e.ts);
    if (f >= 0) frames[f]!.raster += (e.dur ?? 0) / 1000;
  }
  return frames;
}

/** One line per group: frame time and the mean of each kind over the frames of the group. */
export function summariseFrames(frames: readonly FrameCost[]): string[] {
  if (frames.length === 0) return ['no frames in the trace'];
  const sorted = [...frames].sort((a, b) => a.ms - b.ms);
  const p50 = sorted[Math.floor(sorted.length / 2)]!.ms;
  const slow = sorted.slice(Math.floor(sorted.length * 0.95));
  const median = sorted.filter((f) => Math.abs(f.ms - p50) < 1);
  const line = (label: string, group: readonly FrameCost[]) => {
    const mean = (get: (f: FrameCost) => number) => (group.reduce((s, f) => s + get(f), 0) / Math.max(1, group.length)).toFixed(1);
    const kinds = ['script', 'style', 'layout', 'paint', 'gc'].map((k) => `${k} ${mean((f) => f.main[k] ?? 0)}`).join(', ');
    return `${label} (${group.length} frames): frame ${mean((f) => f.ms)} ms = main thread ${kinds}, other/idle ${mean((f) => f.ms - Object.values(f.main).reduce((s, v) => s + v, 0))}; raster threads ${mean((f) => f.raster)} ms`;
  };
  return [line('median frames', median), line('slowest 5 %', slow)];
}

/** A task of the page's main thread: its wall time, its thread (CPU) time, its time by kind, and whether it drew a frame (a rAF or a paint in it). */
export interface TaskCost { ms: number; cpu: number; main: Record<string, number>; frame: boolean }

/** Task names of Chromium's scheduler, one per task the main thread runs (the `toplevel` category). */
const TASK = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The main thread's tasks whose thread time (CPU, `tdur`: not the time the thread waited for a
 * core, so it means the same on a loaded machine) is over `ms`, with what their time went on.
 */
export function longTasks(events: readonly TraceEvent[], ms = 8): TaskCost[] {
  const raf = events.find((e) => e.name === 'FireAnimationFrame' && e.ph === 'X');
  if (!raf) return [];
  const onMain = (e: TraceEvent) => e.pid === raf.pid && e.tid === raf.tid && e.ph === 'X';
  const tasks = events.filter((e) => onMain(e) && TASK.has(e.name) && (e.tdur ?? e.dur ?? 0) > ms * 1000).sort((a, b) => a.ts - b.ts);
  const parts = events.filter((e) => onMain(e) && KIND[e.name]).sort((a, b) => a.ts - b.ts);
  return tasks.map((t) => {
    const main: Record<string, number> = {};
    let coveredTo = -Infinity;
    let frame = false;
    for (const e of parts) {
      if (e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0) && (e.name === 'FireAnimationFrame' || KIND[e.name] === 'paint')) frame = true;
      if (e.ts < t.ts || e.ts >= t.ts + (t.dur ?? 0) || e.ts < coveredTo) continue;
      // the outermost event of each stretch (its children are inside it)
      const kind = KIND[e.name]!;
      main[kind] = (main[kind] ?? 0) + (e.dur ?? 0) / 1000;
      coveredTo = e.ts + (e.dur ?? 0);
    }
    return { ms: (t.dur ?? 0) / 1000, cpu: (t.tdur ?? t.dur ?? 0) / 1000, main, frame };
  });
}

/**
 * One line: how many tasks took over `ms` of CPU, the longest, and what their time went on; the
 * tasks that drew a frame apart from the others (the others are what a frame waits behind).
 */
export function summariseTasks(tasks: readonly TaskCost[], ms = 8): string {
  const line = (label: string, group: readonly TaskCost[]) => {
    if (group.length === 0) return `no ${label} over ${ms} ms of CPU`;
    const kinds: Record<string, number> = {};
    for (const t of group) for (const [k, v] of Object.entries(t.main)) kinds[k] = (kinds[k] ?? 0) + v;
    const by = Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    return `${group.length} ${label} over ${ms} ms of CPU, longest ${Math.max(...group.map((t) => t.cpu)).toFixed(1)} ms CPU; their wall ms by kind: ${by || 'none named'}`;
  };
  return `${line('tasks drawing a frame', tasks.filter((t) => t.frame))}; ${line('other tasks', tasks.filter((t) => !t.frame))}`;
}

/** Writes the trace (chrome://tracing format) and prints where the frames and the long tasks went. */
export function writeTrace(file: string, events: TraceEvent[]): void {
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
  for (const l of summariseFrames(frameCosts(events))) process.stderr.write(`[explorer trace] ${l}\n`);
  process.stderr.write(`[explorer trace] ${summariseTasks(longTasks(events))}\n`);
}

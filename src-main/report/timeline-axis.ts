/**
 * The drawn time axis of a finding's timeline: an SVG (vector, laid out by pdfmake) with one lane
 * per event kind, a mark per event, the finding's own registry write highlighted with a red line
 * and ring, UTC tick labels and a legend. Kinds look as on screen and ticks fall where the
 * screen's do (shared/event-kinds.ts, shared/time-ticks.ts).
 */
import type { PivotEvent, PivotEventKind } from '../shared/contract';
import { isStrokeOnly, KIND_ORDER, KIND_STYLE, kindStyle, markPath } from '../shared/event-kinds';
import type { MarkShape } from '../shared/event-kinds';
import { tickLabel, tickStep } from '../shared/time-ticks';
import { timeValue } from './format';

export const HIGHLIGHT = '#c62828';

export interface AxisDrawing {
  svg: string;
  width: number;
  height: number;
  /** Events drawn, and events left off (no readable time, or beyond the cap). */
  drawn: number;
  skipped: number;
}

const LABEL_W = 74;
const RIGHT_PAD = 10;
const TOP = 14;
/** A lane holds one row of marks, or more when marks would overlap (close times stack up). */
const ROW_H = 9;
const LANE_PAD = 6;
const MIN_GAP = 7.5;
const MAX_ROWS = 5;
const AXIS_H = 24;
const LEGEND_H = 16;
/** Width of a tick label's character at 6.5 pt (digits and colons of the body font), a safe over-estimate. */
const TICK_CHAR_W = 3.8;

const n2 = (v: number): string => (Math.round(v * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One mark, centred on (x, y), size r: the screen's shape (shared/event-kinds.ts) as SVG. */
function markSvg(shape: MarkShape, x: number, y: number, r: number, colour: string): string {
  const paint = isStrokeOnly(shape) ? `fill="none" stroke="${colour}" stroke-width="1.4"` : `fill="${colour}"`;
  return `<path d="${markPath(shape, x, y, r)}" ${paint}/>`;
}

/** An event with a readable time: its index in the input and its instant (ms). */
interface Timed { e: PivotEvent; i: number; t: number }

/** Where everything goes: the plot's x range, the time scale, the lanes and their rows, the axis line. */
interface AxisLayout {
  lanes: PivotEventKind[];
  plotX0: number;
  plotX1: number;
  /** The time range drawn (the events' range widened by a 3 % pad each side) and the pad. */
  t0: number;
  t1: number;
  pad: number;
  x: (t: number) => number;
  /** Per lane: its top and its rows; per event index: its row in its lane. */
  laneTop: number[];
  laneRows: number[];
  rowOf: Map<number, number>;
  axisY: number;
}

/** The time range to draw: the events' range (at least 10 ms, centred), widened by 3 % each side. */
function timeRange(capped: readonly Timed[]): { t0: number; t1: number; pad: number } {
  let t0 = capped.length ? Math.min(...capped.map((x) => x.t)) : 0;
  let t1 = capped.length ? Math.max(...capped.map((x) => x.t)) : 1000;
  if (t1 - t0 < 10) { t0 -= 5; t1 += 5; }
  const pad = (t1 - t0) * 0.03;
  return { t0: t0 - pad, t1: t1 + pad, pad };
}

/** Rows within each lane: a mark goes to the first row where it does not touch the previous mark. */
function stackRows(capped: readonly Timed[], lanes: readonly PivotEventKind[], x: (t: number) => number): { rowOf: Map<number, number>; laneRows: number[] } {
  const rowOf = new Map<number, number>();
  const laneRows = lanes.map((k) => {
    const ends: number[] = [];
    for (const c of [...capped].filter((c) => c.e.kind === k).sort((a, b) => a.t - b.t || a.i - b.i)) {
      const cx = x(c.t);
      let r = ends.findIndex((end) => cx - end >= MIN_GAP);
      if (r < 0) r = ends.length < MAX_ROWS ? ends.length : ends.indexOf(Math.min(...ends));
      ends[r] = cx;
      rowOf.set(c.i, r);
    }
    return Math.max(1, ends.length);
  });
  return { rowOf, laneRows };
}

function layoutAxis(capped: readonly Timed[], width: number): AxisLayout {
  const kinds = KIND_ORDER.filter((k) => capped.some((x) => x.e.kind === k));
  const lanes = kinds.length === 0 ? ['other' as PivotEventKind] : kinds;
  const plotX0 = LABEL_W;
  const plotX1 = width - RIGHT_PAD;
  const { t0, t1, pad } = timeRange(capped);
  const x = (t: number): number => plotX0 + ((t - t0) / (t1 - t0)) * (plotX1 - plotX0);
  const { rowOf, laneRows } = stackRows(capped, lanes, x);
  const laneTop: number[] = [];
  let yAcc = TOP;
  for (const rows of laneRows) { laneTop.push(yAcc); yAcc += LANE_PAD + rows * ROW_H; }
  return { lanes, plotX0, plotX1, t0, t1, pad, x, laneTop, laneRows, rowOf, axisY: yAcc };
}

const laneHeight = (L: AxisLayout, li: number): number => LANE_PAD + L.laneRows[li]! * ROW_H;

/** The lanes' bands and their labels. */
function lanesSvg(L: AxisLayout, out: string[]): void {
  L.lanes.forEach((k, li) => {
    const y = L.laneTop[li]!;
    const h = laneHeight(L, li);
    out.push(`<rect x="${n2(L.plotX0)}" y="${n2(y)}" width="${n2(L.plotX1 - L.plotX0)}" height="${n2(h)}" fill="${li % 2 ? '#ffffff' : '#f5f7f9'}"/>`);
    out.push(`<text x="${n2(L.plotX0 - 4)}" y="${n2(y + h / 2 + 2.5)}" font-size="7" text-anchor="end" fill="#37474f">${esc(KIND_STYLE[k].label)}</text>`);
  });
}

/** The tick lines and labels (as the screen places them), the axis line and the date label left of it. */
function ticksSvg(L: AxisLayout, out: string[]): void {
  const { t0, t1, pad, x, plotX0, plotX1, axisY } = L;
  const step = tickStep(t1 - t0, 6);
  const firstTick = Math.ceil(t0 / step) * step;
  for (let t = firstTick; t <= t1; t += step) {
    const tx = x(t);
    out.push(`<line x1="${n2(tx)}" y1="${TOP}" x2="${n2(tx)}" y2="${n2(axisY + 3)}" stroke="#cfd8dc" stroke-width="0.5"/>`);
    const label = tickLabel(t, step);
    // A label whose left half would run into the date label left of the axis is left off (the line stays).
    if (tx - label.length * TICK_CHAR_W / 2 < plotX0) continue;
    out.push(`<text x="${n2(tx)}" y="${n2(axisY + 11)}" font-size="6.5" text-anchor="middle" fill="#37474f">${esc(label)}</text>`);
  }
  out.push(`<line x1="${n2(plotX0)}" y1="${n2(axisY)}" x2="${n2(plotX1)}" y2="${n2(axisY)}" stroke="#37474f" stroke-width="0.8"/>`);
  const day0 = new Date(t0 + pad).toISOString().slice(0, 10);
  const day1 = new Date(t1 - pad).toISOString().slice(0, 10);
  out.push(`<text x="${n2(plotX0 - 4)}" y="${n2(axisY + 11)}" font-size="6.5" text-anchor="end" fill="#37474f">${esc(day0 === day1 ? `${day0} UTC` : 'UTC')}</text>`);
}

/** The events' marks, a finding's own events ringed; the finding's events as red lines under them, labelled. */
function marksSvg(L: AxisLayout, capped: readonly Timed[], hits: readonly Timed[], hitNoun: string, out: string[]): void {
  for (const h of hits) {
    const hx = L.x(h.t);
    out.push(`<line x1="${n2(hx)}" y1="${n2(TOP - 6)}" x2="${n2(hx)}" y2="${n2(L.axisY)}" stroke="${HIGHLIGHT}" stroke-width="1" stroke-dasharray="2,1.5"/>`);
  }
  for (const c of capped) {
    const li = Math.max(0, L.lanes.indexOf(c.e.kind));
    const st = kindStyle(c.e.kind);
    const cy = L.laneTop[li]! + LANE_PAD / 2 + (L.rowOf.get(c.i) ?? 0) * ROW_H + ROW_H / 2;
    const cx = L.x(c.t);
    if (c.e.is_finding_event === true) {
      out.push(`<circle cx="${n2(cx)}" cy="${n2(cy)}" r="5.5" fill="#ffebee" stroke="${HIGHLIGHT}" stroke-width="1.5"/>`);
    }
    out.push(markSvg(st.shape, cx, cy, 3.6, st.colour));
  }
  if (hits.length > 0) {
    const hx = L.x(hits[0]!.t);
    const anchor = hx > L.plotX1 - 60 ? 'end' : hx < L.plotX0 + 60 ? 'start' : 'middle';
    out.push(`<text x="${n2(hx)}" y="${n2(TOP - 7)}" font-size="6.5" text-anchor="${anchor}" fill="${HIGHLIGHT}" font-weight="bold">${esc(hits.length === 1 ? `finding ${hitNoun}` : `finding ${hitNoun}s (${hits.length})`)}</text>`);
  }
}

/** The legend under the axis: a mark per lane, and the ring of the finding's events when there are any. */
function legendSvg(L: AxisLayout, hasHits: boolean, hitNoun: 'write' | 'matched event', out: string[]): void {
  let lx = L.plotX0;
  const ly = L.axisY + AXIS_H + 4;
  const legend: { label: string; draw: (x: number) => string }[] = L.lanes.map((k) => ({
    label: KIND_STYLE[k].label,
    draw: (mx: number) => markSvg(KIND_STYLE[k].shape, mx, ly, 3.2, KIND_STYLE[k].colour),
  }));
  if (hasHits) {
    legend.push({ label: hitNoun === 'write' ? 'the finding\'s registry write' : 'the finding\'s matched event', draw: (mx: number) => `<circle cx="${n2(mx)}" cy="${n2(ly)}" r="4.5" fill="none" stroke="${HIGHLIGHT}" stroke-width="1.5"/>` });
  }
  for (const item of legend) {
    out.push(item.draw(lx + 4));
    out.push(`<text x="${n2(lx + 11)}" y="${n2(ly + 2.5)}" font-size="7" fill="#37474f">${esc(item.label)}</text>`);
    lx += 18 + item.label.length * 3.9;
  }
}

/**
 * Draws the axis for the events, `width` points wide. `hitNoun` names the highlighted events:
 * `write` (a built-in finding's registry write) or `matched event` (a Sigma finding).
 */
export function drawTimelineAxis(events: readonly PivotEvent[], width: number, font: string, maxEvents = 2000, hitNoun: 'write' | 'matched event' = 'write'): AxisDrawing {
  const timed = events
    .map((e, i) => ({ e, i, t: timeValue(e.time) }))
    .filter((x) => Number.isFinite(x.t));
  const capped = timed.slice(0, maxEvents);
  const skipped = events.length - capped.length;
  const L = layoutAxis(capped, width);
  const height = L.axisY + AXIS_H + LEGEND_H;
  const hits = capped.filter((c) => c.e.is_finding_event === true);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n2(width)}" height="${n2(height)}" viewBox="0 0 ${n2(width)} ${n2(height)}" font-family="${esc(font)}">`);
  lanesSvg(L, out);
  ticksSvg(L, out);
  marksSvg(L, capped, hits, hitNoun, out);
  legendSvg(L, hits.length > 0, hitNoun, out);
  out.push('</svg>');
  return { svg: out.join(''), width, height, drawn: capped.length, skipped };
}

/**
 * How each event kind looks wherever a timeline is drawn: label, colour and mark shape (distinct
 * by both, so the marks read without colour too). One table for the screen (src-renderer's
 * timeline) and the PDF report (src-main/report/timeline-axis.ts), so the report an analyst hands
 * over looks like what they saw. Constants and pure functions only: the renderer imports it.
 */
import type { PivotEventKind } from './contract';

export type MarkShape = 'triangle' | 'square' | 'diamond' | 'circle' | 'ring' | 'cross' | 'bar' | 'dot';

export interface KindStyle {
  label: string;
  /** CSS/SVG colour, `#rrggbb`. */
  colour: string;
  shape: MarkShape;
}

/** Lane order, top to bottom: a process's life from start to end. */
export const KIND_ORDER: readonly PivotEventKind[] = ['process_start', 'image_load', 'file', 'registry', 'network', 'dns', 'other', 'process_stop'];

export const KIND_STYLE: Readonly<Record<PivotEventKind, KindStyle>> = {
  process_start: { label: 'Process start', colour: '#2e7d32', shape: 'triangle' },
  image_load: { label: 'Image load', colour: '#1f6feb', shape: 'circle' },
  file: { label: 'File', colour: '#ef6c00', shape: 'square' },
  registry: { label: 'Registry', colour: '#8e24aa', shape: 'diamond' },
  network: { label: 'Network', colour: '#00838f', shape: 'cross' },
  dns: { label: 'DNS', colour: '#6d4c41', shape: 'ring' },
  other: { label: 'Other', colour: '#78909c', shape: 'dot' },
  process_stop: { label: 'Process end', colour: '#546e7a', shape: 'bar' },
};

/** The style of a kind, `other`'s for a kind this table does not know (data from a newer cache). */
export function kindStyle(kind: string): KindStyle {
  return (KIND_STYLE as Record<string, KindStyle | undefined>)[kind] ?? KIND_STYLE.other;
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** An SVG path (`d`) for a mark of size r centred on (x, y); coordinates rounded to 0.01. */
export function markPath(shape: MarkShape, x0: number, y0: number, r0: number): string {
  const x = r2(x0);
  const y = r2(y0);
  const r = r2(r0);
  const f = r2;
  switch (shape) {
    case 'triangle': return `M${x},${f(y - r)} L${f(x + r)},${f(y + r)} L${f(x - r)},${f(y + r)} Z`;
    case 'square': return `M${f(x - r * 0.8)},${f(y - r * 0.8)} h${f(r * 1.6)} v${f(r * 1.6)} h${f(-r * 1.6)} Z`;
    case 'diamond': return `M${x},${f(y - r * 1.2)} L${f(x + r)},${y} L${x},${f(y + r * 1.2)} L${f(x - r)},${y} Z`;
    case 'circle': case 'ring': return `M${f(x - r)},${y} a${r},${r} 0 1,0 ${f(2 * r)},0 a${r},${r} 0 1,0 ${f(-2 * r)},0 Z`;
    case 'cross': return `M${f(x - r)},${f(y - r)} L${f(x + r)},${f(y + r)} M${f(x + r)},${f(y - r)} L${f(x - r)},${f(y + r)}`;
    case 'bar': return `M${f(x - r * 0.35)},${f(y - r * 1.1)} h${f(r * 0.7)} v${f(r * 2.2)} h${f(-r * 0.7)} Z`;
    case 'dot': return `M${f(x - r * 0.6)},${y} a${f(r * 0.6)},${f(r * 0.6)} 0 1,0 ${f(1.2 * r)},0 a${f(r * 0.6)},${f(r * 0.6)} 0 1,0 ${f(-1.2 * r)},0 Z`;
  }
}

/** Each shape as one text character (Geometric Shapes; the report's DejaVu Sans has them all), for text-only lists. */
export const SHAPE_GLYPH: Readonly<Record<MarkShape, string>> = {
  triangle: '\u25b2', square: '\u25a0', diamond: '\u25c6', circle: '\u25cf', ring: '\u25cb', cross: '\u2715', bar: '\u25ae', dot: '\u2022',
};

/** Stroke-only shapes (a ring, a cross) are drawn with a stroke and no fill. */
export function isStrokeOnly(shape: MarkShape): boolean {
  return shape === 'ring' || shape === 'cross';
}

/** How each event kind looks on a time axis: label, colour and mark shape (distinct by both). */
import type { PivotEventKind } from '../../src-main/api/contract';

export type MarkShape = 'triangle' | 'square' | 'diamond' | 'circle' | 'ring' | 'cross' | 'bar' | 'dot';

export const KIND_ORDER: readonly PivotEventKind[] = ['process_start', 'image_load', 'file', 'registry', 'network', 'dns', 'other', 'process_stop'];

export const KIND_STYLE: Record<PivotEventKind, { label: string; colour: string; shape: MarkShape }> = {
  process_start: { label: 'Process start', colour: '#2e7d32', shape: 'triangle' },
  image_load: { label: 'Image load', colour: '#1f6feb', shape: 'circle' },
  file: { label: 'File', colour: '#ef6c00', shape: 'square' },
  registry: { label: 'Registry', colour: '#8e24aa', shape: 'diamond' },
  network: { label: 'Network', colour: '#00838f', shape: 'cross' },
  dns: { label: 'DNS', colour: '#6d4c41', shape: 'ring' },
  other: { label: 'Other', colour: '#78909c', shape: 'dot' },
  process_stop: { label: 'Process end', colour: '#546e7a', shape: 'bar' },
};

/** An SVG path for a mark of size r centred on (x, y). */
export function markPath(shape: MarkShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'triangle': return `M${x},${y - r} L${x + r},${y + r} L${x - r},${y + r} Z`;
    case 'square': return `M${x - r * 0.8},${y - r * 0.8} h${r * 1.6} v${r * 1.6} h${-r * 1.6} Z`;
    case 'diamond': return `M${x},${y - r * 1.2} L${x + r},${y} L${x},${y + r * 1.2} L${x - r},${y} Z`;
    case 'circle': case 'ring': return `M${x - r},${y} a${r},${r} 0 1,0 ${2 * r},0 a${r},${r} 0 1,0 ${-2 * r},0 Z`;
    case 'cross': return `M${x - r},${y - r} L${x + r},${y + r} M${x + r},${y - r} L${x - r},${y + r}`;
    case 'bar': return `M${x - r * 0.35},${y - r * 1.1} h${r * 0.7} v${r * 2.2} h${-r * 0.7} Z`;
    case 'dot': return `M${x - r * 0.6},${y} a${r * 0.6},${r * 0.6} 0 1,0 ${1.2 * r},0 a${r * 0.6},${r * 0.6} 0 1,0 ${-1.2 * r},0 Z`;
  }
}

/** Stroke-only shapes (a ring, a cross) are drawn with a stroke and no fill. */
export function isStrokeOnly(shape: MarkShape): boolean {
  return shape === 'ring' || shape === 'cross';
}

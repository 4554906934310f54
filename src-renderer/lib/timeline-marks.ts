/**
 * Where a process timeline draws its marks. Marks in one lane closer than a mark's width would
 * hide each other (a registry burst writes a dozen values in 4 ms): two or three are spread up and
 * down, more become one cluster mark with a count that opens into a list. The finding's own
 * write(s) are never folded into a cluster: they stay a mark of their own, on top.
 */

export interface MarkInput {
  /** x on the chart, null when the event has no time (not drawn). */
  x: number | null;
  lane: string;
  /** The finding's own event: always its own mark. */
  own: boolean;
}

interface SingleMark { index: number; x: number; dy: number }
export interface MarkCluster { lane: string; x: number; from: number; to: number; members: number[]; overOwn: boolean }
export interface MarkLayout { singles: SingleMark[]; clusters: MarkCluster[] }

/** Vertical offsets for marks spread within one lane (px). */
const SPREAD = [0, -8, 8] as const;

/**
 * Groups each lane's marks from left to right: a mark within `px` of its group's first mark joins
 * it. Groups of up to `SPREAD.length` marks are spread; larger groups become clusters.
 */
export function layoutMarks(marks: readonly MarkInput[], px = 12): MarkLayout {
  const singles: SingleMark[] = [];
  const clusters: MarkCluster[] = [];
  const lanes = new Map<string, number[]>();
  marks.forEach((m, i) => {
    if (m.x === null || !Number.isFinite(m.x)) return;
    if (m.own) { singles.push({ index: i, x: m.x, dy: 0 }); return; }
    const list = lanes.get(m.lane);
    if (list) list.push(i); else lanes.set(m.lane, [i]);
  });
  const owns = marks.map((m, i) => ({ m, i })).filter(({ m }) => m.own && m.x !== null);
  for (const [lane, list] of lanes) {
    list.sort((a, b) => marks[a]!.x! - marks[b]!.x! || a - b);
    let group: number[] = [];
    const flush = (): void => {
      if (group.length === 0) return;
      if (group.length <= SPREAD.length) {
        group.forEach((i, k) => singles.push({ index: i, x: marks[i]!.x!, dy: SPREAD[k]! }));
      } else {
        const xs = group.map((i) => marks[i]!.x!);
        const from = xs[0]!;
        const to = xs[xs.length - 1]!;
        const x = (from + to) / 2;
        const overOwn = owns.some(({ m }) => m.lane === lane && Math.abs(m.x! - x) < px);
        clusters.push({ lane, x, from, to, members: [...group], overOwn });
      }
      group = [];
    };
    for (const i of list) {
      if (group.length > 0 && marks[i]!.x! - marks[group[0]!]!.x! >= px) flush();
      group.push(i);
    }
    flush();
  }
  singles.sort((a, b) => a.index - b.index);
  return { singles, clusters };
}

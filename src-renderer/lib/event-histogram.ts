/**
 * The explorer's histogram: counts of events in equal time bins, taken in slices (run with a
 * deadline) so that counting a million events never holds a frame.
 */

/** Events counted between two looks at the clock. */
const STEP = 16_384;

export class HistogramRun {
  readonly counts: number[];
  private k = 0;
  private readonly width: number;

  /** The events at `positions` (rows of `time`, epoch ms) in `bins` equal bins over [from, to]; events outside it or without a time are not counted. */
  constructor(private readonly time: Float64Array, private readonly positions: Uint32Array, readonly from: number, readonly to: number, private readonly bins: number) {
    this.counts = new Array<number>(Math.max(0, bins)).fill(0);
    this.width = Math.max(1, to - from);
  }

  /** Counts until `deadline` (performance.now() ms; Infinity: to the end); true when every event is counted. */
  run(deadline = Infinity): boolean {
    const { time, positions, from, to, bins, counts, width } = this;
    if (bins <= 0) { this.k = positions.length; return true; }
    while (this.k < positions.length) {
      const end = Math.min(positions.length, this.k + STEP);
      for (let k = this.k; k < end; k++) {
        const t = time[positions[k]!]!;
        if (!(t >= from && t <= to)) continue;
        counts[Math.min(bins - 1, Math.floor(((t - from) / width) * bins))]!++;
      }
      this.k = end;
      if (this.k < positions.length && performance.now() > deadline) return false;
    }
    return true;
  }
}

/**
 * The explorer grid's window: which row is at the top of the view and how far it is scrolled
 * past, for a fixed row height, with recycled rows. A browser lays out at most ~33,554,431 px
 * (Chromium's LayoutUnit), so past MAX_SCROLL_PX the scroll height is capped and the scroll
 * position maps onto the rows proportionally (one pixel then moves more than one pixel of rows).
 */
const MAX_SCROLL_PX = 30_000_000;

export interface GridWindow {
  /** The row at the top of the view. */
  first: number;
  /** Pixels of that row above the view (the rows are drawn that much higher). */
  offset: number;
  /** The height the scroller's content takes. */
  scrollHeight: number;
}

export function gridWindow(count: number, rowHeight: number, scrollTop: number, viewport: number, maxPx = MAX_SCROLL_PX): GridWindow {
  const full = count * rowHeight;
  const scrollHeight = Math.min(full, maxPx);
  const top = Math.max(0, scrollTop);
  // The pixel of the whole list at the top of the view.
  const px = full <= maxPx || scrollHeight <= viewport ? top : Math.min(1, top / (scrollHeight - viewport)) * Math.max(0, full - viewport);
  const first = Math.max(0, Math.min(Math.floor(px / rowHeight), Math.max(0, count - 1)));
  return { first, offset: Math.max(0, Math.min(rowHeight, px - first * rowHeight)), scrollHeight };
}

/** The scrollTop that brings row `index` into view (unchanged when it already is). */
export function scrollTopShowing(index: number, count: number, rowHeight: number, scrollTop: number, viewport: number, maxPx = MAX_SCROLL_PX): number {
  const full = count * rowHeight;
  const w = gridWindow(count, rowHeight, scrollTop, viewport, maxPx);
  const shown = Math.floor((viewport - (rowHeight - w.offset)) / rowHeight);
  if (index > w.first && index <= w.first + shown) return scrollTop;
  // The row at the top (moving up) or at the bottom (moving down) of the view.
  const topRow = index <= w.first ? index : Math.max(0, index - Math.max(0, Math.floor(viewport / rowHeight) - 1));
  if (full <= maxPx || w.scrollHeight <= viewport) return topRow * rowHeight;
  return (topRow * rowHeight / Math.max(1, full - viewport)) * (w.scrollHeight - viewport);
}

/** Rows whose texts are read either side of the view at the least; at the most ahead of a fast scroll. */
export const AHEAD_ROWS = 200;
export const MAX_AHEAD_ROWS = 2400;
/** How many of the scroll's steps ahead of it the texts are read (a read from the cache takes a few frames). */
const AHEAD_STEPS = 20;

/**
 * The rows [from, to) whose texts the grid wants read now: those in view (`first`, `rows` of them),
 * AHEAD_ROWS either side, and in the direction of the grid's last step (`moved` rows, signed) as
 * many steps ahead as a read takes, up to MAX_AHEAD_ROWS, so a fast scroll finds its rows' texts
 * read when it gets there. `backwards`: the scroll goes up (the nearest rows are the last).
 */
export function rowsToRead(first: number, rows: number, moved: number): { from: number; to: number; backwards: boolean } {
  const ahead = Math.min(MAX_AHEAD_ROWS, Math.max(AHEAD_ROWS, Math.abs(moved) * AHEAD_STEPS));
  return moved >= 0
    ? { from: first - AHEAD_ROWS, to: first + rows + ahead, backwards: false }
    : { from: first - ahead, to: first + rows + AHEAD_ROWS, backwards: true };
}

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

import { describe, expect, it } from 'vitest';
import { AHEAD_ROWS, MAX_AHEAD_ROWS, gridWindow, rowsToRead, scrollTopShowing } from '../../../src-renderer/lib/grid-window';
import { prettyXml } from '../../../src-renderer/lib/pretty-xml';

describe('the rows whose texts the explorer grid reads ahead', () => {
  it('reads the view and AHEAD_ROWS either side when the grid is still or moves slowly', () => {
    expect(rowsToRead(1000, 24, 0)).toEqual({ from: 1000 - AHEAD_ROWS, to: 1024 + AHEAD_ROWS, backwards: false });
    expect(rowsToRead(1000, 24, 3)).toEqual({ from: 1000 - AHEAD_ROWS, to: 1024 + AHEAD_ROWS, backwards: false });
    expect(rowsToRead(1000, 24, -3)).toEqual({ from: 1000 - AHEAD_ROWS, to: 1024 + AHEAD_ROWS, backwards: true });
  });
  it('reads further in the direction of a fast scroll, nearest first, never more than MAX_AHEAD_ROWS', () => {
    const down = rowsToRead(10_000, 24, 100);
    expect(down).toMatchObject({ from: 10_000 - AHEAD_ROWS, backwards: false });
    expect(down.to).toBeGreaterThanOrEqual(10_024 + 100 * 10);
    const up = rowsToRead(10_000, 24, -100);
    expect(up).toMatchObject({ to: 10_024 + AHEAD_ROWS, backwards: true });
    expect(up.from).toBeLessThanOrEqual(10_000 - 100 * 10);
    // a jump (the scrollbar dragged) reads a bounded stretch
    expect(rowsToRead(10_000, 24, 500_000).to).toBe(10_024 + MAX_AHEAD_ROWS);
    expect(rowsToRead(600_000, 24, -500_000).from).toBe(600_000 - MAX_AHEAD_ROWS);
  });
});

describe('the explorer grid window', () => {
  it('maps the scroll position to the top row and its offset, one pixel per pixel under the cap', () => {
    expect(gridWindow(1000, 26, 0, 560)).toEqual({ first: 0, offset: 0, scrollHeight: 26_000 });
    expect(gridWindow(1000, 26, 26 * 10 + 5, 560)).toEqual({ first: 10, offset: 5, scrollHeight: 26_000 });
    expect(gridWindow(0, 26, 0, 560)).toEqual({ first: 0, offset: 0, scrollHeight: 0 });
  });
  it('caps the scroll height and still reaches the last row of ten million', () => {
    const n = 10_000_000;
    const w = gridWindow(n, 26, 0, 560, 1_000_000);
    expect(w.scrollHeight).toBe(1_000_000);
    const end = gridWindow(n, 26, 1_000_000 - 560, 560, 1_000_000);
    // the view's last row is the list's last row
    expect(end.first + Math.floor((560 + end.offset) / 26)).toBeGreaterThanOrEqual(n - 1);
    const mid = gridWindow(n, 26, (1_000_000 - 560) / 2, 560, 1_000_000);
    expect(Math.abs(mid.first - n / 2)).toBeLessThan(20);
  });
  it('scrolls a selected row into view, capped or not', () => {
    expect(scrollTopShowing(5, 1000, 26, 0, 560)).toBe(0);
    expect(scrollTopShowing(100, 1000, 26, 0, 560)).toBe((100 - 20) * 26);
    expect(scrollTopShowing(3, 1000, 26, 2600, 560)).toBe(78);
    const top = scrollTopShowing(7_000_000, 10_000_000, 26, 0, 560, 1_000_000);
    const w = gridWindow(10_000_000, 26, top, 560, 1_000_000);
    expect(7_000_000 - w.first).toBeGreaterThanOrEqual(0);
    expect(7_000_000 - w.first).toBeLessThan(22);
  });
});

describe('prettyXml', () => {
  it('lays the app\'s one-line Event XML out one element per line, escaped text untouched', () => {
    const x = "<Event xmlns='e'><System><Provider Name='P'/><EventID>1</EventID></System><EventData><Data Name='a'>&lt;b&gt;</Data></EventData></Event>";
    expect(prettyXml(x)).toBe([
      "<Event xmlns='e'>", '  <System>', "    <Provider Name='P'/>", '    <EventID>1</EventID>', '  </System>', '  <EventData>', "    <Data Name='a'>&lt;b&gt;</Data>", '  </EventData>', '</Event>',
    ].join('\n'));
  });
});

/**
 * "Events with this value" from the explorer's text pages instead of every cached event: a page's
 * search text holds each event's field values, lower-case, each ended by a newline, the events
 * joined with SEP (lib/event-index.ts), so an event with a field equal to a value (ignoring case,
 * as Windows compares GUIDs, paths, accounts and host names) is one whose text holds the value
 * between a value boundary and a newline: one `indexOf` walk per page, ~50 ms over 1,000,000
 * events. The pages keep the first SEARCH_CHARS characters of an event's fields: an event whose
 * text was cut there, without the value in what was kept, is "unsure" and must be read from the
 * cache and checked (fieldHasValue), a bounded scan the explorer shows and can stop. A line of a
 * multi-line value that equals the value counts as a match (the text keeps no other boundary).
 */
import type { ExplorerEvent } from '../../src-main/shared/contract';
import { SEARCH_CHARS, SEP, type TextPage } from './event-index';

/** What the text of one page says: events that have the value, and events it cannot tell (their text was cut). */
export interface PageValueMatches { hits: number[]; unsure: number[] }

/** The text a value has in the search texts (lower-case, SEP taken out), ended by the value's newline. */
export function valueNeedle(value: string): string {
  return `${value.toLowerCase().replaceAll(SEP, ' ')}\n`;
}

/**
 * The events of one page (by their index in the page) with a field equal to the needle's value,
 * and those whose text was cut before the value could be seen. `keep(k)` narrows the events
 * looked at (a host, for a process pivot).
 */
export function pageValueMatches(t: TextPage, needle: string, keep: (k: number) => boolean = () => true): PageValueMatches {
  const hits: number[] = [];
  const text = t.text;
  const ends = t.textEnds;
  const n = ends.length;
  let k = 0;
  let at = 0;
  for (;;) {
    const hit = text.indexOf(needle, at);
    if (hit < 0) break;
    while (k < n && ends[k]! <= hit) k++;
    if (k >= n) break;
    const start = k > 0 ? ends[k - 1]! + 1 : 0;
    // A match starts a value: at the event's text start, or right after another value's newline.
    if ((hit === start || text.charCodeAt(hit - 1) === 10) && hit + needle.length <= ends[k]!) {
      if (keep(k)) hits.push(k);
      at = ends[k]! + 1;
      k++;
    } else {
      at = hit + 1;
    }
  }
  const unsure: number[] = [];
  const long = needle.length > SEARCH_CHARS;
  let h = 0;
  for (let j = 0; j < n; j++) {
    if (hits[h] === j) { h++; continue; }
    const len = ends[j]! - (j > 0 ? ends[j - 1]! + 1 : 0);
    if ((long || len >= SEARCH_CHARS) && keep(j)) unsure.push(j);
  }
  return { hits, unsure };
}

/** Whether one of the event's fields equals the value, ignoring case (the check of an unsure event). */
export function fieldHasValue(e: ExplorerEvent, value: string): boolean {
  const lower = value.toLowerCase();
  for (const v of Object.values(e.fields)) if (v.toLowerCase() === lower) return true;
  return false;
}

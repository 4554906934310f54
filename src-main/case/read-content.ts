/**
 * What of each event a case read's parse items ask their worker to send (evidence-reading/messages.ts
 * `EventContent`, read-case.ts `ReadCaseOptions.eventContent` and `dataKeys`), as it is known when
 * each item is handed out.
 */
import type { ReadCaseOptions } from './read-case';

/** What a parse item carries of the read's event content (messages.ts `EventContent`): nothing for `'all'`. */
type ItemContent = { content?: 'viewed' | 'counted'; dataKeys?: string[] };

function itemContent(content: 'viewed' | 'counted', keys: readonly string[] | null | undefined): ItemContent {
  if (keys === null) return {};
  return keys === undefined || keys.length === 0 ? { content } : { content, dataKeys: [...keys] };
}

/**
 * The event content of the read's items as it is known: keys given later (`opts.dataKeys` a
 * function: a triage's rules may still be loading) are waited for one turn of the event loop (rules
 * already loaded give them at once); until they are there `current()` is `'all'`, so the first items
 * need not wait for a load (either content gives the same triage; only what crosses differs).
 */
export async function readContent(opts: Pick<ReadCaseOptions, 'eventContent' | 'dataKeys'>): Promise<{ current: () => ItemContent }> {
  const content = opts.eventContent;
  if (content !== 'viewed' && content !== 'counted') return { current: () => ({}) };
  if (typeof opts.dataKeys !== 'function') {
    const known = itemContent(content, opts.dataKeys);
    return { current: () => known };
  }
  let known: ItemContent = {};
  const given = opts.dataKeys().then((keys) => { known = itemContent(content, keys); }, () => {});
  await Promise.race([given, new Promise<void>((resolve) => setImmediate(resolve))]);
  return { current: () => known };
}

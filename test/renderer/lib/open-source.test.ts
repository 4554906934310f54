import { describe, expect, it } from 'vitest';
import type { EventSource } from '../../../src-main/shared/contract';
import type { TriageClient } from '../../../src-renderer/lib/bridge';
import { readOpenSource } from '../../../src-renderer/lib/open-source';

const AT = { path: 'a.evtx', format: 'evtx' as const, chunkFrom: 64, skip: 12 };
const SOURCE: EventSource = { kind: 'evtx-record', text: '<Event/>', renderedXml: null, from: 'a.evtx: binary EVTX', mismatch: null };

/** A client that answers readEventSource with `answer` (or throws it) and records the request. */
function client(answer: unknown, fail = false): TriageClient & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    call: (async (name: string, arg: unknown) => {
      expect(name).toBe('readEventSource');
      asked.push(arg);
      if (fail) throw answer;
      return answer;
    }) as TriageClient['call'],
    on: () => () => {},
  };
}

describe('the open event in its raw form', () => {
  it('asks main for the event at the place its page was read, with its record id to check', async () => {
    const c = client(SOURCE);
    expect(await readOpenSource(c, '/case', AT, 77)).toEqual({ state: 'read', source: SOURCE });
    expect(c.asked).toEqual([{ root: '/case', ...AT, recordId: 77 }]);
  });

  it('says why when there is no place, no text or the read fails; never throws', async () => {
    const none = client(SOURCE);
    expect(await readOpenSource(none, '/case', null, 1)).toMatchObject({ state: 'unavailable', why: expect.stringContaining('Re-read evidence') });
    expect(none.asked).toEqual([]);
    expect(await readOpenSource(client(null), '/case', AT, 1)).toEqual({ state: 'unavailable', why: 'The evidence gave no raw form for this event.' });
    expect(await readOpenSource(client({ ...SOURCE, text: 42 }), '/case', AT, 1)).toMatchObject({ state: 'unavailable' });
    expect(await readOpenSource(client(new Error('the file is gone'), true), '/case', AT, 1)).toEqual({ state: 'unavailable', why: 'The raw event cannot be read from the evidence: the file is gone' });
  });
});

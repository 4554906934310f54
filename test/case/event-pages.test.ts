import { describe, expect, it } from 'vitest';
import type { EventPage } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { MAX_FIELD_CHARS } from '../../src-main/case/event-pages';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

function lines(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(JSON.stringify({ EventID: 1 + (i % 3), Computer: `HOST-${i % 2}`, Channel: 'Microsoft-Windows-Sysmon/Operational', Seq: String(i + 1), ProcessGuid: `{0000000${i % 10}-0000-0000-0000-000000000000}`, CommandLine: i === 3 ? 'x'.repeat(MAX_FIELD_CHARS + 50) : `cmd ${i}` }));
  return `${out.join('\n')}\n`;
}

async function granted(files: Record<string, string>) {
  const folder = tempEvidenceFolder(files);
  const handlers = createHandlers({ roots: new GrantedRoots(), chooseFolder: async () => folder, chooseSavePath: async () => null, emit: () => {}, workers: 1 });
  const root = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
  return { handlers, root };
}

describe('readEventPage', () => {
  it('hands every event of a file in pages, each page at most the limit, with a cursor to the next', async () => {
    const { handlers, root } = await granted({ 'logs/sysmon.jsonl': lines(25), 'notes.txt': 'x' });
    const seen: number[] = [];
    let cursor: { chunkFrom: number; skip: number } | null = { chunkFrom: 0, skip: 0 };
    let pages = 0;
    while (cursor) {
      const res = await dispatchCall(handlers, 'readEventPage', { root, path: 'logs/sysmon.jsonl', format: 'jsonl', ...cursor, limit: 10 });
      expect(res.ok).toBe(true);
      const page = (res as { value: EventPage }).value;
      expect(page.events.length).toBeLessThanOrEqual(10);
      for (const e of page.events) seen.push(Number(e.fields.Seq));
      cursor = page.next;
      pages++;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const first = ((await dispatchCall(handlers, 'readEventPage', { root, path: 'logs/sysmon.jsonl', format: 'jsonl', chunkFrom: 0, skip: 3, limit: 1 })) as { value: EventPage }).value;
    const e = first.events[0]!;
    expect(e.fields.Seq).toBe('4');
    expect(e).toMatchObject({ event_id: 1, channel: 'Microsoft-Windows-Sysmon/Operational', process_guid: '{00000003-0000-0000-0000-000000000000}' });
    expect(e.fields.CommandLine!.length).toBeLessThan(MAX_FIELD_CHARS + 60);
    expect(e.fields.CommandLine).toContain(`cut: ${MAX_FIELD_CHARS + 50} characters`);
  });

  it('refuses bad arguments, paths outside the folder and folders not granted', async () => {
    const { handlers, root } = await granted({ 'a.jsonl': lines(2) });
    const bad = [
      { root, path: 'a.jsonl', format: 'exe', chunkFrom: 0, skip: 0, limit: 10 },
      { root, path: 'a.jsonl', format: 'jsonl', chunkFrom: -1, skip: 0, limit: 10 },
      { root, path: 'a.jsonl', format: 'jsonl', chunkFrom: 0, skip: 0, limit: 100_000 },
      { root, path: 'a.jsonl', format: 'jsonl', chunkFrom: 0, skip: 0.5, limit: 10 },
    ];
    for (const arg of bad) expect(await dispatchCall(handlers, 'readEventPage', arg)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatchCall(handlers, 'readEventPage', { root, path: '../../etc/passwd', format: 'jsonl', chunkFrom: 0, skip: 0, limit: 10 })).toMatchObject({ ok: false, error: { code: 'outside_root' } });
    expect(await dispatchCall(handlers, 'readEventPage', { root: '/etc', path: 'passwd', format: 'jsonl', chunkFrom: 0, skip: 0, limit: 10 })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
  });

  it('answers a file that is not what its format says with an empty page or an error, never a crash', async () => {
    const { handlers, root } = await granted({ 'fake.evtx': 'not an evtx file at all', 'junk.jsonl': '{not json\n\u0000\u0001\n' });
    for (const [path, format] of [['fake.evtx', 'evtx'], ['junk.jsonl', 'jsonl']] as const) {
      const res = await dispatchCall(handlers, 'readEventPage', { root, path, format, chunkFrom: 0, skip: 0, limit: 10 });
      if (res.ok) expect((res.value as EventPage).events).toEqual([]);
      else expect(['read_failed', 'internal']).toContain(res.error.code);
    }
  });
});

describe('readEventPage on a whole-file format', () => {
  it('parses a file read page after page once, and starts over for a page out of order', async () => {
    const { WorkerPool } = await import('../../src-main/evidence-reading/pool');
    const { ingestWorkerScript } = await import('../../src-main/evidence-reading/worker-script');
    const { readEventPage } = await import('../../src-main/case/event-pages');
    const folder = tempEvidenceFolder({ 'big.jsonl': lines(95) });
    const file = `${folder}/big.jsonl`;
    const pool = new WorkerPool(ingestWorkerScript(), 1);
    let runs = 0;
    const run = pool.run.bind(pool);
    pool.run = ((...args: Parameters<typeof pool.run>) => { runs++; return run(...args); }) as typeof pool.run;
    try {
      const seqs: string[] = [];
      let cursor: { chunkFrom: number; skip: number } | null = { chunkFrom: 0, skip: 0 };
      while (cursor) {
        const page = await readEventPage(file, { root: folder, path: 'big.jsonl', format: 'jsonl', ...cursor, limit: 10 }, pool);
        seqs.push(...page.events.map((e) => e.fields.Seq!));
        cursor = page.next;
      }
      expect(seqs).toEqual(Array.from({ length: 95 }, (_, i) => String(i + 1)));
      expect(runs).toBe(1);
      // a page out of order (a second explorer, or a retry) starts a new read at the right place
      const again = await readEventPage(file, { root: folder, path: 'big.jsonl', format: 'jsonl', chunkFrom: 0, skip: 42, limit: 3 }, pool);
      expect(again.events.map((e) => e.fields.Seq)).toEqual(['43', '44', '45']);
      expect(runs).toBe(2);
      const next = await readEventPage(file, { root: folder, path: 'big.jsonl', format: 'jsonl', ...again.next!, limit: 3 }, pool);
      expect(next.events.map((e) => e.fields.Seq)).toEqual(['46', '47', '48']);
      expect(runs).toBe(2);
    } finally {
      await pool.close();
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPage, EventSource } from '../../src-main/shared/contract';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { readEventXml } from '../../src-main/ingest/xml/index';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

async function granted(folder: string) {
  const handlers = createHandlers({ roots: new GrantedRoots(), chooseFolder: async () => folder, chooseSavePath: async () => null, emit: () => {}, workers: 1 });
  const root = ((await dispatchCall(handlers, 'chooseEvidenceFolder', null)) as { value: string }).value;
  return { handlers, root };
}

async function page(handlers: ReturnType<typeof createHandlers>, root: string, p: string, format: string, skip: number): Promise<EventPage> {
  const res = await dispatchCall(handlers, 'readEventPage', { root, path: p, format, chunkFrom: 0, skip, limit: 5 });
  expect(res.ok).toBe(true);
  return (res as { value: EventPage }).value;
}

async function source(handlers: ReturnType<typeof createHandlers>, arg: unknown): Promise<EventSource> {
  const res = await dispatchCall(handlers, 'readEventSource', arg);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.value as EventSource;
}

describe('readEventSource', () => {
  it('renders an EVTX record as Event XML, found where its page was read, and says when the record there is another', async () => {
    const { handlers, root } = await granted(DEMO);
    const p = 'DC01/Microsoft-Windows-Sysmon%4Operational.evtx';
    const e = (await page(handlers, root, p, 'evtx', 0)).events[3]!;
    const s = await source(handlers, { root, path: p, format: 'evtx', chunkFrom: 0, skip: 3, recordId: e.record_id });
    expect(s.kind).toBe('evtx-record');
    expect(s.mismatch).toBeNull();
    expect(s.text.startsWith("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>")).toBe(true);
    expect(s.text).toContain(`<EventRecordID>${e.record_id}</EventRecordID>`);
    expect(s.text).toContain(`<EventID>${e.event_id}</EventID>`);
    expect(s.text).toContain(`<Computer>${e.dest}</Computer>`);
    // the XML parses back to the same record
    const back = readEventXml(s.text);
    expect(back.events).toHaveLength(1);
    expect(back.events[0]!.event.EventRecordID).toBe(e.record_id);
    expect(s.from).toContain('binary EVTX');
    const other = await source(handlers, { root, path: p, format: 'evtx', chunkFrom: 0, skip: 3, recordId: e.record_id! + 1 });
    expect(other.mismatch).toContain('the file changed');
  });

  it("gives an XML file's own text of the event, and a JSON file's own line with Event XML rendered from its fields", async () => {
    const { handlers, root } = await granted(DEMO);
    const p = 'WS-FIN-07/intrusion-sysmon-export.xml';
    const e = (await page(handlers, root, p, 'xml', 2)).events[0]!;
    const s = await source(handlers, { root, path: p, format: 'xml', chunkFrom: 0, skip: 2, recordId: e.record_id });
    expect(s.kind).toBe('xml-original');
    expect(s.text).toMatch(/^<Event[\s>]/);
    expect(s.text).toMatch(/<\/Event>$/);
    const back = readEventXml(s.text).events;
    expect(back).toHaveLength(1);
    expect(back[0]!.event.EventRecordID).toBe(e.record_id);
    expect(s.from).toMatch(/line \d+/);

    const lines = Array.from({ length: 6 }, (_, i) => JSON.stringify({ EventID: 1, Computer: 'HOST-1', Channel: 'Microsoft-Windows-Sysmon/Operational', EventRecordID: 100 + i, Seq: String(i + 1), CommandLine: `<b>cmd ${i}</b>` }));
    const json = await granted(tempEvidenceFolder({ 'logs/s.jsonl': `${lines.join('\n')}\n` }));
    const cached = (await page(json.handlers, json.root, 'logs/s.jsonl', 'jsonl', 3)).events[0]!;
    expect(cached.fields.Seq).toBe('4');
    const j = await source(json.handlers, { root: json.root, path: 'logs/s.jsonl', format: 'jsonl', chunkFrom: 0, skip: 3, recordId: cached.record_id });
    expect(j.kind).toBe('json-original');
    expect(j.text).toBe(lines[3]);
    expect(j.mismatch).toBeNull();
    expect(j.renderedXml).toContain("<Data Name='CommandLine'>&lt;b&gt;cmd 3&lt;/b&gt;</Data>");
    expect(j.from).toContain('line 4');
    expect(j.from).toContain('JSON carries no Event XML');

    // a JSON document (an array, pretty-printed): the record's own text, indentation and all
    const records = [0, 1, 2].map((i) => ({ EventID: 4624, Computer: 'DC-1', Channel: 'Security', Seq: `r${i}`, Note: 'é ✓ 𝄞' }));
    const doc = await granted(tempEvidenceFolder({ 'export.json': JSON.stringify(records, null, 2) }));
    const d = await source(doc.handlers, { root: doc.root, path: 'export.json', format: 'json', chunkFrom: 0, skip: 2, recordId: null });
    expect(d.kind).toBe('json-original');
    expect(JSON.parse(d.text)).toEqual(records[2]);
    expect(d.text).toBe(JSON.stringify(records[2], null, 2).replace(/\n/g, '\n  '));
  });

  it('refuses bad arguments and says when the file holds no event at that place', async () => {
    const folder = tempEvidenceFolder({ 'a.jsonl': '{"EventID":1,"Computer":"H","Channel":"C"}\n' });
    const { handlers, root } = await granted(folder);
    const good = { root, path: 'a.jsonl', format: 'jsonl', chunkFrom: 0, skip: 0, recordId: null };
    expect((await source(handlers, good)).kind).toBe('json-original');
    for (const bad of [{ ...good, format: 'exe' }, { ...good, recordId: -1 }, { ...good, recordId: '1' }, { ...good, skip: -2 }, { ...good, path: '' }, null]) {
      expect(await dispatchCall(handlers, 'readEventSource', bad)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    }
    expect(await dispatchCall(handlers, 'readEventSource', { ...good, path: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'outside_root' } });
    expect(await dispatchCall(handlers, 'readEventSource', { ...good, skip: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

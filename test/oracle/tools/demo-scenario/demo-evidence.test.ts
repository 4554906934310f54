/** The demo evidence read by evtxexport and python-evtx: clean files, consistent processes, the README's findings (reproducibility: test/tools/demo-scenario/demo-evidence.test.ts). */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEvtxexport, runPythonEvtx } from '../../../tools/evtx-writer/oracle';
import { requires } from '../../../helpers/requires';
import type { ReadEvent } from '../../../tools/evtx-writer/oracle';
import { DEFAULT_FINDINGS, DEFAULT_OUT, generate, SYSMON_FILE, XML_EXPORT } from '../../../tools/demo-scenario/generate';
import type { Written } from '../../../tools/demo-scenario/generate';

const COMMITTED = DEFAULT_OUT;
const HOSTS = ['WS-FIN-07', 'WS-HR-02', 'DC01'];

const data = (e: ReadEvent) => Object.fromEntries(e.data);
const eid = (e: ReadEvent) => Number(e.system.EventID?.text);

let fresh: string;
let freshFindings: string;
let written: Written[];
const exported = new Map<string, ReadEvent[]>();
/** The oracles (libevtx, python-evtx) read the committed files; the reproducibility checks need neither. */
const NO_ORACLES = requires('evtxexport', 'python-evtx');
/** python-evtx reads ~1 MB/s: 12 s here alone, over a minute on a loaded 2-core machine. */
const PYTHON_EVTX_TIMEOUT_MS = 300_000;
const expected = JSON.parse(readFileSync(DEFAULT_FINDINGS, 'utf8'));
const seed = expected.seed_findings[0];

beforeAll(() => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'demo-evidence-'));
  fresh = path.join(tmp, 'evidence');
  freshFindings = path.join(tmp, 'expected-findings.json');
  written = generate(fresh, freshFindings);
  if (NO_ORACLES) return;
  for (const h of HOSTS) {
    for (const f of [SYSMON_FILE, 'Security.evtx']) {
      const r = runEvtxexport(path.join(COMMITTED, h, f));
      expect(r.stderr.trim(), `${h}/${f}`).toBe('');
      expect(r.status, `${h}/${f}`).toBe(0);
      exported.set(`${h}/${f}`, r.events);
    }
  }
});

describe.skipIf(NO_ORACLES)('every demo EVTX file reads cleanly', () => {
  it('evtxexport: no error, every record the generator wrote, increasing record ids', () => {
    for (const w of written.filter((x) => x.file.endsWith('.evtx'))) {
      const events = exported.get(w.file)!;
      expect(events.length, w.file).toBe(w.records);
      const ids = events.map((e) => Number(e.system.EventRecordID?.text));
      expect(ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1), w.file).toBe(true);
      const times = events.map((e) => e.system.TimeCreated!.attrs.SystemTime!);
      expect([...times].sort(), w.file).toEqual(times);
    }
  });

  it('python-evtx: header and chunk CRCs verify, same record count; Sysmon dirty, Security clean', () => {
    for (const w of written.filter((x) => x.file.endsWith('.evtx'))) {
      const r = runPythonEvtx(path.join(COMMITTED, w.file));
      expect(r.header.verify, w.file).toBe(true);
      expect(r.header.dirty, w.file).toBe(w.file.endsWith(SYSMON_FILE));
      expect(r.chunks.length, w.file).toBe(w.chunks);
      for (const c of r.chunks) expect(c.verify, w.file).toBe(true);
      expect(r.records.length, w.file).toBe(w.records);
    }
  }, PYTHON_EVTX_TIMEOUT_MS);
});

describe.skipIf(NO_ORACLES)('process identity is consistent on every host', () => {
  it.each(HOSTS)('%s: one ProcessId per ProcessGuid, parents consistent, every Sysmon 1 has its 4688', (host) => {
    const sysmon = exported.get(`${host}/${SYSMON_FILE}`)!;
    const security = exported.get(`${host}/Security.evtx`)!;
    const pidOf = new Map<string, string>();
    const created = new Map<string, Record<string, string>>();
    for (const e of sysmon) {
      const d = data(e);
      if (!d.ProcessGuid) continue;
      const g = d.ProcessGuid;
      if (pidOf.has(g)) expect(pidOf.get(g), g).toBe(d.ProcessId);
      pidOf.set(g, d.ProcessId!);
      if (eid(e) === 1) {
        expect(created.has(g), `duplicate EID 1 for ${g}`).toBe(false);
        created.set(g, d);
        expect(g.slice(1, 9), 'machine part of the Sysmon GUID').toBe(data(sysmon.find((x) => eid(x) === 1)!).ProcessGuid!.slice(1, 9));
      }
    }
    for (const d of created.values()) {
      const parent = created.get(d.ParentProcessGuid!);
      if (parent) {
        expect(parent.ProcessId).toBe(d.ParentProcessId);
        expect(parent.Image).toBe(d.ParentImage);
      }
      const match = security.filter((s) => eid(s) === 4688 && BigInt(data(s).NewProcessId!) === BigInt(d.ProcessId!) && data(s).NewProcessName === d.Image);
      expect(match.length, `4688 for ${d.Image} ${d.ProcessId}`).toBeGreaterThanOrEqual(1);
      expect(match.some((s) => s.system.TimeCreated!.attrs.SystemTime!.slice(0, 23).replace('T', ' ') === d.UtcTime)).toBe(true);
    }
  });
});

describe.skipIf(NO_ORACLES)("the README's findings are what the binary logs say", () => {
  const sysmon = () => exported.get(`WS-FIN-07/${SYSMON_FILE}`)!;
  const iso = (utc: string) => `${utc.replace(' ', 'T')}Z`;

  it('seed: exactly one (Default) write of the DynamicWrapperX CLSID, by regsvr32, at firstTime', () => {
    const hits = [...exported.entries()].flatMap(([file, events]) =>
      events.filter((e) => eid(e) === 13 && /\\CLSID\\\{89565275-A714-4a43-912E-978B935EDCCC\}\\InProcServer32\\\(Default\)$/i.test(data(e).TargetObject ?? '')).map((e) => ({ file, e })),
    );
    expect(hits.length).toBe(seed.count);
    const { file, e } = hits[0]!;
    const d = data(e);
    expect(file).toBe(`WS-FIN-07/${SYSMON_FILE}`);
    expect(e.system.Computer?.text).toBe(seed.dest);
    expect(d.TargetObject).toBe(seed.registry_path);
    expect(d.Details).toBe(seed.registry_value_data);
    expect(d.Image!.split('\\').pop()).toBe(seed.process_name);
    expect(d.Image).toBe(seed.process_path);
    expect(d.ProcessGuid).toBe(seed.process_guid);
    expect(d.User!.split('\\').pop()).toBe(seed.user);
    expect(iso(d.UtcTime!)).toBe(seed.firstTime);
    expect(seed.lastTime).toBe(seed.firstTime);
    const parts = d.TargetObject!.split('\\');
    expect([parts.at(-2), parts.at(-1)]).toEqual([seed.registry_key_name, seed.registry_value_name]);
  });

  it('seed: the process start (EID 1) joins on ProcessGuid and names the script host parent', () => {
    const start = sysmon().filter((e) => eid(e) === 1 && data(e).ProcessGuid === seed.process_guid);
    expect(start.length).toBe(1);
    const d = data(start[0]!);
    expect(d.CommandLine).toBe(seed.process);
    expect(d.ProcessId).toBe(String(seed.process_id));
    expect(d.ParentImage!.split('\\').pop()!.toLowerCase()).toBe(seed.parent_process_name);
    expect(d.ParentCommandLine).toBe(seed.parent_process);
    expect(d.ParentProcessGuid).toBe(seed.parent_process_guid);
    const parent = sysmon().filter((e) => eid(e) === 1 && data(e).ProcessGuid === seed.parent_process_guid);
    expect(data(parent[0]!).ParentImage).toBe('C:\\Windows\\explorer.exe');
  });

  it('DLL pivots: created by and loaded by exactly the processes and times in the table', () => {
    const created = sysmon().filter((e) => eid(e) === 11 && data(e).TargetFilename === seed.registry_value_data);
    expect(created.map((e) => ({ process_name: data(e).Image!.split('\\').pop()!.toLowerCase(), process_guid: data(e).ProcessGuid, time: iso(data(e).UtcTime!) }))).toEqual(seed.pivots.dll_created_by);
    const loaded = sysmon().filter((e) => eid(e) === 7 && data(e).ImageLoaded === seed.registry_value_data);
    expect(loaded.map((e) => ({ process_name: data(e).Image!.split('\\').pop()!.toLowerCase(), process_guid: data(e).ProcessGuid, time: iso(data(e).UtcTime!) }))).toEqual(seed.pivots.dll_loaded_by);
  });

  it('family rows exist in the logs as stated', () => {
    for (const f of expected.family_findings) {
      const host = f.dest.split('.')[0];
      const hit = exported.get(`${host}/${SYSMON_FILE}`)!.filter((e) => eid(e) === 13 && data(e).TargetObject === f.registry_path);
      expect(hit.length, f.logic).toBe(1);
      expect(data(hit[0]!).Details).toBe(f.registry_value_data);
      expect(data(hit[0]!).ProcessGuid).toBe(f.process_guid);
      expect(iso(data(hit[0]!).UtcTime!)).toBe(f.time);
    }
  });

  it('the README states the table values', () => {
    const md = readFileSync(path.join(COMMITTED, 'README.md'), 'utf8');
    expect(md).toMatch(/synthetic/i);
    const row = `| ${seed.dest} | regsvr32.exe | \`${seed.registry_path}\` | InProcServer32 | (Default) | ${seed.user} | 1 | ${seed.firstTime} | ${seed.lastTime} |`;
    expect(md).toContain(row);
    for (const p of [...seed.pivots.dll_created_by, ...seed.pivots.dll_loaded_by]) expect(md).toContain(`| ${p.process_name} | ${p.process_guid} | ${p.time} |`);
  });

  it('the XML export holds the same intrusion-window events as the EVTX file', () => {
    const xml = readFileSync(path.join(COMMITTED, 'WS-FIN-07', XML_EXPORT), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"')).toBe(true);
    expect(xml).toMatch(/<Events><Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'>/);
    const ids = [...xml.matchAll(/<EventRecordID>(\d+)<\/EventRecordID>/g)].map((m) => Number(m[1]));
    const byId = new Map(sysmon().map((e) => [Number(e.system.EventRecordID?.text), e]));
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(byId.has(id), `record ${id}`).toBe(true);
    expect(xml).toContain(seed.registry_path.replace(/&/g, '&amp;'));
    expect(xml.toLowerCase()).toContain(seed.process_guid.toLowerCase());
    for (const id of ids) {
      const block = xml.split(`<EventRecordID>${id}</EventRecordID>`)[1]!.split('</Event>')[0]!;
      const want = byId.get(id)!;
      for (const [n, v] of want.data) {
        const m = new RegExp(`<Data Name='${n}'>([^<]*)</Data>`).exec(block);
        const got = (m?.[1] ?? '').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        const norm = (s: string) => (/^\{[0-9a-f-]+\}$/i.test(s) ? s.toLowerCase() : /^0x[0-9a-f]+$/i.test(s) ? BigInt(s).toString() : s);
        expect(norm(got), `record ${id} ${n}`).toBe(norm(v));
      }
    }
  });
});

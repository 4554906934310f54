/**
 * End to end on the synthetic demo evidence (assets/demo-evidence, issue of its own): every file
 * through the project's readers (EVTX, Event XML) and the model, into one DetectionSession, then
 * compared with test/tools/demo-scenario/expected-findings.json. The XML export repeats 54 events
 * of the WS-FIN-07 Sysmon log: they must count once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import { readEventXmlBytes } from '../../../src-main/ingest/xml/index';
import { normaliseEvent } from '../../../src-main/model/index';
import type { NormalisedEvent } from '../../../src-main/model/index';
import { builtinIntel, builtinRuleset, DetectionSession, SEED_RULE_ID } from '../../../src-main/detect/index';
import { splunkTable } from '../../../src-main/output/splunk-table';
import { documentFindingOf } from '../../helpers/document-findings';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { REPO_ROOT } from '../../helpers/paths';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const EXPECTED = path.join(REPO_ROOT, 'test/tools/demo-scenario/expected-findings.json');
const PER_USER = '9e41c7d2-3b8f-4a6e-8c15-d0f27a9b6e33';
const KNOWN_BAD = '5b0e7c1e-6a3f-4f0e-9d2a-2f7c1d4e8a01';
const BUILTIN = '2d6f3b8a-91c4-4e57-b0a3-7e5c9f1d2b64';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function readDemo(): NormalisedEvent[][] {
  const batches: NormalisedEvent[][] = [];
  for (const file of walk(DEMO).sort()) {
    const rel = path.relative(DEMO, file).split(path.sep).join('/');
    const bytes = new Uint8Array(readFileSync(file));
    if (file.endsWith('.evtx')) batches.push(parseEvtxBytes(bytes).records.map((r) => normaliseEvent(r, { evidence: rel })));
    else if (file.endsWith('.xml')) batches.push(readEventXmlBytes(bytes, { path: rel }).events.map((r) => normaliseEvent(r.event, { evidence: rel })));
  }
  return batches;
}

const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);

describe.skipIf(!existsSync(DEMO) || !existsSync(EXPECTED) || requires('contracts'))('demo evidence, end to end', () => {
  const expected = existsSync(EXPECTED) ? JSON.parse(readFileSync(EXPECTED, 'utf8')) : null;
  const intel = builtinIntel();
  const session = new DetectionSession(builtinRuleset(intel), intel);
  let result: ReturnType<DetectionSession['finish']>;

  it('reads every file into one session', () => {
    const batches = readDemo();
    expect(batches.length).toBeGreaterThanOrEqual(7);
    for (const b of batches) session.add(b);
    result = session.finish();
    expect(result.stats.events).toBeGreaterThan(1900);
  });

  it('the seed finding equals the expected one (Splunk table + join + DLL pivots), counted once despite the XML duplicate', () => {
    const seeds = result.findings.filter((f) => f.rule_id === SEED_RULE_ID);
    expect(seeds).toHaveLength(1);
    const f = seeds[0]!;
    const e = expected.seed_findings[0];
    for (const k of ['rule_id', 'rule_name', 'risk_score', 'dest', 'user', 'process_guid', 'process_name', 'process_path', 'process', 'process_id',
      'parent_process_name', 'parent_process', 'parent_process_guid', 'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data',
      'clsid', 'count', 'process_start_in_evidence', 'suppressed']) {
      expect((f as unknown as Record<string, unknown>)[k], k).toEqual(e[k]);
    }
    expect(f.mitre).toEqual(e.mitre);
    expect(same(f.firstTime, e.firstTime) && same(f.lastTime, e.lastTime)).toBe(true);
    const refs = (l: { process_name: string; process_guid: string; time: string }[]) => l.map((r) => [r.process_name, r.process_guid, Date.parse(r.time)]);
    expect(refs(f.pivots.dll_created_by)).toEqual(refs(e.pivots.dll_created_by));
    expect(refs(f.pivots.dll_loaded_by)).toEqual(refs(e.pivots.dll_loaded_by));
    expect(f.message).toBe('The regsvr32.exe was identified on endpoint WS-FIN-07.corp.example modifying the registry with a known malicious clsid under InProcServer32.');
    expect(result.stats.duplicateMatches).toBeGreaterThan(0);
  });

  it('the Splunk table has exactly the expected row', () => {
    const e = expected.seed_findings[0];
    const rows = splunkTable(result.findings, { ruleId: SEED_RULE_ID });
    expect(rows.map((r) => ({ ...r, firstTime: Date.parse(r.firstTime), lastTime: Date.parse(r.lastTime) }))).toEqual([{
      dest: e.dest, process_name: e.process_name, registry_path: e.registry_path, registry_key_name: e.registry_key_name,
      registry_value_name: e.registry_value_name, user: e.user, count: 1, firstTime: Date.parse(e.firstTime), lastTime: Date.parse(e.lastTime),
    }]);
  });

  it('the COM-hijack family: every expected hit, with raised or lowered risk as expected', () => {
    const ruleFor = (logic: string) => logic.startsWith('known-bad') ? KNOWN_BAD : logic.startsWith('built-in') ? BUILTIN : PER_USER;
    for (const e of expected.family_findings) {
      const f = result.findings.find((x) => x.rule_id === ruleFor(e.logic) && x.registry_path === e.registry_path && x.dest === e.dest);
      expect(f, e.logic).toBeDefined();
      expect(f!.process_guid).toBe(e.process_guid);
      expect(f!.process_name).toBe(e.process_name);
      expect(f!.registry_value_data).toBe(e.registry_value_data);
      expect(f!.user).toBe(e.user);
      expect(same(f!.firstTime, e.time)).toBe(true);
      if (/raised/.test(e.expected)) expect(f!.risk_score, e.logic).toBeGreaterThan(f!.risk_base);
      if (/lowered/.test(e.expected)) {
        expect(f!.risk_score, e.logic).toBeLessThan(f!.risk_base);
        expect(f!.benign_writer).toBe('OneDrive');
        expect(f!.suppressed).toBe(false);
      }
    }
  });

  it('negatives: no seed finding on WS-HR-02 or DC01, nothing on DC01 at all, seed count 1', () => {
    expect(result.findings.filter((f) => f.rule_id === SEED_RULE_ID && f.dest !== 'WS-FIN-07.corp.example')).toEqual([]);
    expect(result.findings.filter((f) => /^DC01/i.test(f.dest))).toEqual([]);
    expect(result.findings.length).toBe(expected.family_findings.length + 1);
  });

  it('pivots of the seed finding: tree up to explorer, timeline ordered, parallel processes include wscript.exe', () => {
    const f = result.findings.find((x) => x.rule_id === SEED_RULE_ID)!;
    expect(f.pivots.tree.ancestors[0]!.process_name?.toLowerCase()).toBe('wscript.exe');
    expect(f.pivots.tree.ancestors.map((a) => a.process_name?.toLowerCase())).toContain('explorer.exe');
    const times = f.pivots.timeline.entries.map((t) => t.time_ms ?? 0);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(f.pivots.timeline.entries.map((t) => `${t.event_id}|${t.record_id}`)).size).toBe(f.pivots.timeline.entries.length);
    expect(f.pivots.parallel.processes.map((p) => p.process_name?.toLowerCase())).toContain('wscript.exe');
  });

  it('the JSON document with these findings validates against the contract', () => {
    const validate = triageOutputValidator();
    const doc = { tool: { name: 'evtx-triage', version: '0.1.0' }, evidence: [], findings: result.findings.map(documentFindingOf) };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });
});

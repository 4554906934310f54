/**
 * The real samples with InProcServer32 (and near-miss) writes, and what each must produce.
 * Expected findings are written down and justified in test/fixtures/detect/README.md.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession, SEED_RULE_ID } from '../../../src-main/detect/index';
import { splunkTable } from '../../../src-main/output/splunk-table';
import { documentFindingOf } from '../../helpers/document-findings';
import type { Finding } from '../../../src-main/detect/index';
import { requires } from '../../helpers/requires';
import { triageOutputValidator } from '../../helpers/schema';
import { detect, evtxEvents, jsonEvents, zipEventBatches, FIREFOX, OTRF_ZIP, PANACHE, SIGMA_NEAR_MISS, SIGMA_NEAR_MISS_JSON } from '../../detect/helpers';

const PER_USER = '9e41c7d2-3b8f-4a6e-8c15-d0f27a9b6e33';
const BUILTIN = '2d6f3b8a-91c4-4e57-b0a3-7e5c9f1d2b64';
const NO_SAMPLES = requires('corpus', 'contracts');
const valid = (findings: Finding[]) => {
  const validate = triageOutputValidator();
  const ok = validate({ tool: { name: 'evtx-triage', version: '0.1.0' }, evidence: [], findings: findings.map(documentFindingOf) });
  return ok ? true : JSON.stringify(validate.errors);
};

describe.skipIf(NO_SAMPLES)('Firefox COM hijack (EVTX-ATTACK-SAMPLES persist_firefox_comhijack_sysmon_11_13_7_1.evtx)', () => {
  const r = detect(evtxEvents(FIREFOX));
  const target = 'HKU\\S-1-5-21-3583694148-1414552638-2922671848-1000_CLASSES\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\InprocServer32\\(Default)';

  it('fires the built-in CLSID hijack (MMDeviceEnumerator → C:\\ProgramData\\demo.dll) and the per-user registration; not the seed', () => {
    expect(r.findings.map((f) => f.rule_id).sort()).toEqual([BUILTIN, PER_USER].sort());
    expect(r.findings.filter((f) => f.rule_id === SEED_RULE_ID)).toEqual([]);
    const f = r.findings.find((x) => x.rule_id === BUILTIN)!;
    expect(f).toMatchObject({
      dest: 'IEWIN7', process_name: 'com-hijack.exe', process_path: 'C:\\Users\\IEUser\\Downloads\\com-hijack.exe',
      process_guid: '{365ABB72-47BB-5CE3-0000-0010BFA83E00}', registry_path: target, registry_key_name: 'InprocServer32',
      registry_value_name: '(Default)', registry_value_data: 'C:\\ProgramData\\demo.dll', builtin_clsid_name: 'MMDeviceEnumerator',
      count: 1, firstTime: '2019-05-21T00:35:07.3750000Z', process_start_in_evidence: true, parent_process_name: 'explorer.exe',
    });
    expect(f.clsid!.toUpperCase()).toBe('{BCDE0395-E52F-467C-8E3D-C4579291692E}');
  });

  it('EID 1 joins: command line and parent from record 370', () => {
    const f = r.findings.find((x) => x.rule_id === BUILTIN)!;
    expect(f.process?.trim()).toBe('"C:\\Users\\IEUser\\Downloads\\com-hijack.exe"');
    expect(f.pivots.tree.ancestors[0]!.process_name).toBe('explorer.exe');
  });

  it('DLL pivot: created by com-hijack.exe (EID 11), loaded by firefox.exe (EID 7)', () => {
    const f = r.findings.find((x) => x.rule_id === BUILTIN)!;
    expect(f.pivots.dll_created_by.map((x) => [x.process_name, x.record_id])).toEqual([['com-hijack.exe', 371]]);
    expect(new Set(f.pivots.dll_loaded_by.map((x) => x.process_name))).toEqual(new Set(['firefox.exe']));
    expect(f.pivots.dll_loaded_by.length).toBeGreaterThan(0);
  });

  it('per-user registration risk is raised: the writer started from Downloads moments before', () => {
    const f = r.findings.find((x) => x.rule_id === PER_USER)!;
    expect(f.risk_reasons.map((x) => x.id)).toContain('writer_started_from_user_writable');
    expect(f.risk_score).toBeGreaterThan(f.risk_base);
  });

  it('validates against the JSON contract', () => expect(valid(r.findings)).toBe(true));
});

describe.skipIf(NO_SAMPLES)('PanacheSysmon vs Atomic Red Team (regsvcs.exe COM registration)', () => {
  const r = detect(evtxEvents(PANACHE));
  it('reads the 10 InprocServer32 writes and joins their EID 1, but no rule fires', () => {
    // HKCR\WOW6432Node\CLSID\{17C7DA62-…}\InprocServer32 (Default) = mscoree.dll, CodeBase file:///C:/AtomicRedTeam/T1121.DLL:
    // machine scope (HKCR = HKLM classes for Sysmon), not a known-bad or built-in CLSID, server in System32 by name,
    // CodeBase outside \Users\ and \ProgramData\ → seed, known-bad, built-in and per-user rules all stay quiet.
    expect(r.stats.registryEvents).toBeGreaterThanOrEqual(10);
    expect(r.findings).toEqual([]);
  });
});

describe.skipIf(NO_SAMPLES)('OTRF covenant_dcom_executeexcel4macro_allowed.zip (benign OneDrive writes), through the zip reader', () => {
  it('per-user registration fires on the two OneDrive InProcServer32 writes, risk lowered with the reason; the seed does not fire', async () => {
    const intel = builtinIntel();
    const s = new DetectionSession(builtinRuleset(intel), intel);
    const n = await zipEventBatches(OTRF_ZIP, (b) => s.add(b));
    expect(n).toBe(8121);
    const r = s.finish();
    expect(r.findings.filter((f) => f.rule_id === SEED_RULE_ID)).toEqual([]);
    expect(r.findings.map((f) => f.rule_id)).toEqual([PER_USER, PER_USER]);
    for (const f of r.findings) {
      expect(f.process_name).toBe('FileSyncConfig.exe');
      expect(f.dest).toBe('WORKSTATION6.theshire.local');
      expect(f.clsid!.toUpperCase()).toBe('{018D5C66-4533-4307-9B53-224DE2ED1FE6}');
      expect(f.benign_writer).toBe('OneDrive');
      expect(f.risk_score).toBeLessThan(f.risk_base);
      expect(f.risk_reasons.find((x) => x.id === 'benign_writer')!.reason).toMatch(/OneDrive/);
      expect(f.suppressed).toBe(false);
      expect(f.process_start_in_evidence).toBe(true);
    }
    expect(r.findings.map((f) => f.registry_value_data).sort()).toEqual(['%%systemroot%%\\SysWow64\\shell32.dll', '%%systemroot%%\\system32\\shell32.dll']);
    expect(valid(r.findings)).toBe(true);
    expect(splunkTable(r.findings, { ruleId: SEED_RULE_ID })).toEqual([]);
  });
});

describe.skipIf(NO_SAMPLES)('SigmaHQ near-miss (TreatAs key linking, reg.exe, no EID 1): .evtx and .json give the same result', () => {
  for (const [name, events] of [['evtx', () => evtxEvents(SIGMA_NEAR_MISS)], ['json', () => jsonEvents(SIGMA_NEAR_MISS_JSON)]] as const) {
    it(name, () => {
      const r = detect(events());
      // Not InProcServer32 → no seed, no built-in; {97D47D56-…} not known-bad; a per-user TreatAs IS the Elastic logic.
      expect(r.findings.map((f) => f.rule_id)).toEqual([PER_USER]);
      const f = r.findings[0]!;
      expect(f.process_name).toBe('reg.exe');
      expect(f.process_start_in_evidence).toBe(false); // outer join
      expect(f.registry_value_data).toBe('{00000001-0000-0000-0000-0000FEEDACDC}');
      expect(f.risk_reasons.map((x) => x.id)).toEqual(['lolbin_writer']);
      expect(f.user).toBe('Administrator');
      expect(valid(r.findings)).toBe(true);
    });
  }
});

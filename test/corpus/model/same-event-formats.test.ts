/**
 * Issue 4: "the same event read from EVTX, from its XML export and from its JSON export
 * normalises to the same model". The SigmaHQ regression pair (binary .evtx and its evtx_dump
 * .json) plus the XML our EVTX parser renders for that record. Also the real EVTX InProcServer32
 * samples: their registry writes join their process-create on (dest, process_guid).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import { readEventXml } from '../../../src-main/ingest/xml/index';
import { readJsonEventsBytes } from '../../../src-main/ingest/json/index';
import { normaliseEvent } from '../../../src-main/model/normalise';
import { eventProcessKey } from '../../../src-main/model/join';
import type { NormalisedEvent } from '../../../src-main/model/event';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const EVIDENCE = SHARED_EVIDENCE;
const SIGMA = 'sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020';

function evtx(rel: string) {
  return parseEvtxBytes(new Uint8Array(readFileSync(resolve(EVIDENCE, rel))), { xml: true });
}

describe.skipIf(requires('corpus'))('same event from EVTX, Event XML and JSON', () => {
  it('SigmaHQ 9b0f8a61: EVTX record, its rendered XML and the evtx_dump JSON give one model', () => {
    const bin = evtx(`${SIGMA}.evtx`);
    expect(bin.records).toHaveLength(1);
    const fromEvtx = normaliseEvent(bin.records[0]!, { evidence: 'e' });
    const xml = readEventXml(bin.xml[0]!);
    expect(xml.issues).toEqual([]);
    const fromXml = normaliseEvent(xml.events[0]!.event, { evidence: 'e' });
    const fromJson = normaliseEvent(readJsonEventsBytes(readFileSync(resolve(EVIDENCE, `${SIGMA}.json`))).events[0]!.event, { evidence: 'e' });
    const fromFixture = normaliseEvent(readEventXml(readFileSync(resolve(__dirname, '../../fixtures/xml/sigma-9b0f8a61.xml'), 'utf8')).events[0]!.event, { evidence: 'e' });
    expect(fromXml).toEqual(fromEvtx);
    expect(fromJson).toEqual(fromEvtx);
    expect(fromFixture).toEqual(fromEvtx);
    // the EVTX carries 100 ns, the JSON microseconds: the model keeps what both have
    expect(bin.records[0]!.TimeCreated).toBe('2025-10-25T23:53:11.1175304Z');
    expect(fromEvtx.time_created).toBe('2025-10-25T23:53:11.1175300Z');
  });

  it('every record of a real Sysmon EVTX normalises identically from its rendered XML', () => {
    const bin = evtx('evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx');
    expect(bin.records).toHaveLength(19); // SOURCES.md
    const xml = readEventXml(bin.xml.join('\n'));
    expect(xml.issues).toEqual([]);
    expect(xml.events.map((e) => normaliseEvent(e.event, { evidence: 'e' }))).toEqual(bin.records.map((r) => normaliseEvent(r, { evidence: 'e' })));
  });
});

describe.skipIf(requires('corpus'))('real EVTX InProcServer32 writes join their process-create', () => {
  function joined(rel: string) {
    const events = evtx(rel).records.map((r) => normaliseEvent(r, { evidence: rel }));
    const writes = events.filter((e) => e.view?.kind === 'registry' && /\\INPROCSERVER32(\\|$)/.test(e.view.registry_key_canonical));
    const starts = new Map<string, NormalisedEvent>();
    for (const e of events) if (e.view?.kind === 'process' && e.view.action === 'start') starts.set(eventProcessKey(e)!, e);
    return { writes, starts };
  }

  it('Firefox COM hijack: record 372 joins record 370', () => {
    const { writes, starts } = joined('evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx');
    expect(writes.map((w) => w.record_id)).toEqual([372]);
    const w = writes[0]!;
    expect(w.view).toMatchObject({
      registry_path_canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{BCDE0395-E52F-467C-8E3D-C4579291692E}\\INPROCSERVER32\\(Default)',
      registry_value_data: 'C:\\ProgramData\\demo.dll', process_guid: '{365ABB72-47BB-5CE3-0000-0010BFA83E00}', registry_scope: 'user',
    });
    expect(w.time).toBe('2019-05-21T00:35:07.3750000Z');
    expect(starts.get(eventProcessKey(w)!)?.record_id).toBe(370);
  });

  it('PanacheSysmon regsvcs: the 10 writes join record 3619 although Image case differs', () => {
    const { writes, starts } = joined('evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx');
    expect(writes.map((w) => w.record_id)).toEqual([3620, 3621, 3622, 3623, 3624, 3625, 3626, 3627, 3628, 3629]);
    for (const w of writes) {
      expect(w.view).toMatchObject({ registry_scope: 'machine', registry_wow64: true, process_name: 'regsvcs.exe' });
      const p = starts.get(eventProcessKey(w)!);
      expect(p?.record_id).toBe(3619);
      expect(p?.view).toMatchObject({ process_name: 'RegSvcs.exe' });
    }
    expect(writes.filter((w) => w.view?.kind === 'registry' && w.view.registry_value_is_default).map((w) => w.record_id)).toEqual([3620]);
  });
});

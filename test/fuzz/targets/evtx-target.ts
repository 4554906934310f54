/**
 * EVTX fuzz targets. `evtx`: byte-level damage of the seeds (evtx-mutate.ts); `evtx-struct`:
 * structure-aware damage (evtx-structure.ts). Each case is parsed whole (`parseEvtxBytes`, with
 * and without XML rendering and recovery) and streamed through the worker's EVTX stream parser
 * in random chunk sizes (`streamParserFor('evtx')`, as archive members are read).
 * Invariants: only a destroyed file header may be refused, and only as a named `evtx.file.*`
 * error; records + XML + failures add up; the stream reads exactly the records the whole parse
 * reads and counts at least its failures; every record serialises to JSON.
 */
import { IngestError } from '../../../src-main/shared/ingest-issues';
import { parseEvtxBytes, type EvtxFileResult } from '../../../src-main/ingest/evtx/index';
import { streamParserFor } from '../../../src-main/evidence-reading/stream-parsers';
import { emptyFileSummary } from '../../../src-main/evidence-reading/file-summary';
import { mutateBytesChain, Prng } from '../byte-mutate';
import { mutate } from '../evtx-mutate';
import { mutateEvtxStructure, STRUCT_MUTATIONS } from '../evtx-structure';
import { seeds } from '../seeds';
import { feedChunks, thrown, type CaseOutcome, type FuzzCase, type FuzzTarget } from '../target';

type Parsed = { ok: true; r: EvtxFileResult } | { ok: false; refused: boolean; violation?: string };

function parseWhole(bytes: Uint8Array, xml: boolean, recover: boolean): Parsed {
  try {
    return { ok: true, r: parseEvtxBytes(bytes, { xml, recover }) };
  } catch (e) {
    if (e instanceof IngestError && e.code.startsWith('evtx.file.')) return { ok: false, refused: true };
    return { ok: false, refused: false, violation: thrown(`parseEvtxBytes(xml=${xml}, recover=${recover})`, e) };
  }
}

function checkResult(p: EvtxFileResult, bytes: Uint8Array, xml: boolean, v: string[], label: string): void {
  const s = p.summary;
  if (p.records.length !== s.recordsOk) v.push(`invariant: ${label}: ${p.records.length} records but recordsOk ${s.recordsOk}`);
  if (s.errors.length !== s.recordsFailed) v.push(`invariant: ${label}: ${s.errors.length} errors but recordsFailed ${s.recordsFailed}`);
  if (xml && p.xml.length !== s.recordsOk) v.push(`invariant: ${label}: ${p.xml.length} XML records but recordsOk ${s.recordsOk}`);
  if (xml && p.recoveredXml.length !== s.recordsRecovered) v.push(`invariant: ${label}: ${p.recoveredXml.length} recovered XML but recordsRecovered ${s.recordsRecovered}`);
  // 24 bytes is less than the smallest record (28): more results than that cannot come from the bytes
  if (s.recordsOk + s.recordsFailed > Math.ceil(bytes.length / 24)) v.push(`invariant: ${label}: ${s.recordsOk + s.recordsFailed} results from ${bytes.length} bytes`);
  for (const e of s.errors) if (typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.context !== 'object') v.push(`invariant: ${label}: error not {code, message, context}: ${JSON.stringify(e).slice(0, 200)}`);
  try {
    JSON.stringify(p.records);
  } catch (e) {
    v.push(thrown(`${label}: JSON.stringify(records)`, e));
  }
}

async function checkEvtx(c: FuzzCase): Promise<CaseOutcome> {
  const v: string[] = [];
  const r = new Prng(c.n ^ 0x5bd1e995);
  const plain = parseWhole(c.bytes, false, false);
  if (!plain.ok && plain.violation) v.push(plain.violation);
  if (plain.ok) checkResult(plain.r, c.bytes, false, v, 'objects');
  const xml = r.chance(0.5);
  const rich = parseWhole(c.bytes, xml, !xml || r.chance(0.5));
  if (!rich.ok && rich.violation) v.push(rich.violation);
  if (rich.ok) checkResult(rich.r, c.bytes, xml, v, 'xml/recover');
  if (plain.ok !== rich.ok) v.push(`invariant: the header is refused with one set of options only`);

  const summary = emptyFileSummary();
  let emitted = 0;
  try {
    const parser = streamParserFor('evtx', 'fuzz.evtx', summary, async () => { emitted++; })!;
    await feedChunks(c.bytes, r, (chunk) => parser.push(chunk));
    await parser.end();
  } catch (e) {
    v.push(thrown('streamParserFor(evtx).push/end', e));
  }
  // The app's stream recovers records by default (slack, older generations, damaged chunks): it
  // must read exactly what the whole parse with recovery reads, allocated plus recovered.
  const recovering = parseWhole(c.bytes, false, true);
  if (plain.ok && recovering.ok) {
    const s = recovering.r.summary;
    if (emitted !== s.recordsOk + s.recordsRecovered) v.push(`invariant: stream read ${emitted} records, whole parse ${s.recordsOk} + ${s.recordsRecovered} recovered`);
    if (summary.errors < s.recordsFailed) v.push(`invariant: stream counted ${summary.errors} errors, whole parse ${s.recordsFailed} failed records`);
  } else if (!plain.ok && plain.refused && (emitted !== 0 || !summary.fatal)) {
    v.push(`invariant: refused header but the stream read ${emitted} records, fatal ${JSON.stringify(summary.fatal)}`);
  }
  const s = plain.ok ? plain.r.summary : null;
  return { events: s?.recordsOk ?? 0, lost: s?.recordsFailed ?? 0, violations: v };
}

export const evtxBytesTarget: FuzzTarget = {
  name: 'evtx',
  make(n) {
    const all = seeds().evtx;
    const seed = all[n % all.length]!;
    if (n % 5 === 4) {
      const m = mutateBytesChain(seed.bytes, new Prng(n));
      return { target: 'evtx', n, seed: seed.name, mutation: m.mutation, bytes: m.bytes };
    }
    const m = mutate(seed.bytes, n);
    return { target: 'evtx', n, seed: seed.name, mutation: m.kind, bytes: m.bytes };
  },
  check: checkEvtx,
};

export const evtxStructTarget: FuzzTarget = {
  name: 'evtx-struct',
  make(n) {
    const all = seeds().evtx;
    const seed = all[Math.floor(n / STRUCT_MUTATIONS.length) % all.length]!;
    const r = new Prng(n * 2654435761);
    let bytes = seed.bytes;
    const names: string[] = [];
    // mostly one mutation (so its effect is not masked), sometimes several stacked
    const count = r.chance(0.75) ? 1 : r.int(2, 4);
    for (let i = 0; i < count; i++) {
      const kind = i === 0 ? STRUCT_MUTATIONS[n % STRUCT_MUTATIONS.length]! : r.pick(STRUCT_MUTATIONS);
      const m = mutateEvtxStructure(bytes, kind, r);
      bytes = m.bytes;
      names.push(m.mutation);
    }
    return { target: 'evtx-struct', n, seed: seed.name, mutation: names.join(' ; '), bytes };
  },
  check: checkEvtx,
};

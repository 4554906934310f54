// Expansion bombs: records a few hundred bytes long whose template expansion multiplies per
// nesting level. Each is refused as a record error with its location; the records around it
// are read; nothing is expanded first (a bomb of 8^9 leaves would not finish otherwise).
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { newChunkContext } from '../../../../src-main/ingest/evtx/binxml/context';
import { readRecordNodes, readRecordHeader } from '../../../../src-main/ingest/evtx/record';
import {
  MAX_CHUNK_CHARS, MAX_RECORD_CHARS, MAX_RECORD_NODES, recordExpansion,
} from '../../../../src-main/ingest/evtx/render/expansion-budget';
import { toRawEvent } from '../../../../src-main/ingest/evtx/render/raw-event';
import { chargeChunkBudget, newChunkBudget } from '../../../../src-main/ingest/evtx/render/chunk-budget';
import { expandRecord } from '../../../../src-main/ingest/evtx/render/tree';
import { EvtxWriter, str, ValueType } from '../../../tools/evtx-writer/index';
import { sampleEvents } from '../../../tools/evtx-writer/sample-events';
import { nestedBomb, repeatedStringBomb } from '../../../tools/evtx-writer/hostile';
import { el, sub, Template, text } from '../../../tools/evtx-writer/binxml';
import type { TemplateNode } from '../../../../src-main/ingest/evtx/binxml/nodes';
import { recordNodes } from '../record-nodes';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../helpers/paths';
import type { HostileInstance } from '../../../tools/evtx-writer/hostile';

const T = 0x01d4f0e38a2b3c4dn;

/** A file: two normal events, the hostile record (id 3), two normal events. */
function fileWith(bomb: HostileInstance): Uint8Array {
  const [a, b, c, d] = sampleEvents(7, 4);
  return new EvtxWriter().add(a!).add(b!).addInstance(bomb.template, bomb.values, T).add(c!).add(d!).toBytes();
}

describe('record expansion budget', () => {
  it('sizes a nested bomb without expanding it (8^9 leaves) and refuses it with its location', () => {
    const bytes = fileWith(nestedBomb(8, 9));
    for (const xml of [false, true]) {
      const r = parseEvtxBytes(bytes, { xml });
      expect(r.records.map((e) => e.EventRecordID)).toEqual([1, 2, 4, 5]);
      if (xml) expect(r.xml).toHaveLength(4);
      expect(r.summary.recordsFailed).toBe(1);
      expect(r.summary.errors).toHaveLength(1);
      const e = r.summary.errors[0]!;
      expect(e.code).toBe('evtx.record.expansion');
      expect(e.context).toMatchObject({ chunk: 0, recordId: 3 });
      expect(e.context.offset).toBeGreaterThan(4096 + 512);
    }
  });

  it('reads the same nesting when it stays under budget (the check is a bound, not a ban)', () => {
    const r = parseEvtxBytes(fileWith(nestedBomb(4, 3)), { xml: true });
    expect(r.summary.recordsFailed).toBe(0);
    expect(r.records).toHaveLength(5);
    expect(r.xml[2]!.match(/<Leaf>boom<\/Leaf>/g)).toHaveLength(64);
  });

  it('refuses one string substituted thousands of times (output characters, not nodes)', () => {
    const bomb = repeatedStringBomb(2000, 'x'.repeat(10_000));
    const r = parseEvtxBytes(fileWith(bomb), { xml: true });
    expect(r.summary.errors.map((e) => [e.code, e.context.recordId])).toEqual([['evtx.record.expansion', 3]]);
    expect(r.records).toHaveLength(4);
  });

  it('computes exact sizes that grow with each level, as floats (no overflow)', () => {
    const sizes = [2, 3, 4].map((depth) => {
      const bytes = new EvtxWriter().addInstance(nestedBomb(8, depth).template, nestedBomb(8, depth).values, T).toBytes();
      const chunk = bytes.subarray(4096, 4096 + 65536);
      const h = readRecordHeader(chunk, 512);
      return recordExpansion(readRecordNodes(newChunkContext(chunk, 0), 512, h.size));
    });
    expect(sizes[1]!.nodes / sizes[0]!.nodes).toBeCloseTo(8, 0);
    expect(sizes[2]!.nodes / sizes[1]!.nodes).toBeCloseTo(8, 0);
    const big = new EvtxWriter().addInstance(nestedBomb(64, 20).template, nestedBomb(64, 20).values, T).toBytes();
    const c = big.subarray(4096, 4096 + 65536);
    const e = recordExpansion(readRecordNodes(newChunkContext(c, 0), 512, readRecordHeader(c, 512).size));
    expect(e.nodes).toBeGreaterThan(1e35);
    expect(Number.isFinite(e.nodes)).toBe(true);
  });

  it('guards the renderers themselves, not only the chunk reader', () => {
    const bytes = new EvtxWriter().addInstance(nestedBomb(8, 9).template, nestedBomb(8, 9).values, T).toBytes();
    const chunk = bytes.subarray(4096, 4096 + 65536);
    const h = readRecordHeader(chunk, 512);
    const nodes = readRecordNodes(newChunkContext(chunk, 0), 512, h.size);
    expect(() => toRawEvent(nodes, h)).toThrow(expect.objectContaining({ code: 'evtx.record.expansion' }));
    expect(() => expandRecord(nodes)).toThrow(expect.objectContaining({ code: 'evtx.record.expansion' }));
  });

  it('sizes a record whose EventData is its one fragment at least as the exact count does, with the same nodes (real logs)', () => {
    let sized = 0;
    for (const rel of ['assets/demo-evidence/DC01/Security.evtx', 'assets/demo-evidence/WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx']) {
      for (const { nodes } of recordNodes(readFileSync(path.join(REPO_ROOT, rel)))) {
        const t = nodes[0] as TemplateNode;
        if (nodes.length !== 1 || t.k !== 7 || t.fragment < 0) continue;
        sized++;
        const bounded = recordExpansion(nodes);
        const exact = recordExpansion([{ ...t, fragment: -1 }]); // the count that reads every value
        expect(bounded.nodes).toBe(exact.nodes);
        expect(bounded.chars).toBeGreaterThanOrEqual(exact.chars);
      }
    }
    expect(sized).toBeGreaterThan(100);
  });

  it('lets the exact count decide a record whose fragment bound is over budget', () => {
    // a string substituted 40 times beside an EventData fragment: 40 × 15,000 = 600,000 characters
    // (under budget); bounded from its 30,000 bytes, 40 × 4 × 30,000 = 4.8M (over)
    const inner = new Template('bound-inner', el('EventData', [], [el('Data', [{ name: 'Name', value: text('A') }], [sub(0, ValueType.String, false)])]));
    const outer = new Template('bound-outer', el('Event', [], [
      el('Repeated', [], Array.from({ length: 40 }, () => sub(0, ValueType.String, false))),
      sub(1, ValueType.BinXml, false),
    ]));
    const values = [str('z'.repeat(15_000)), { type: 'binxml' as const, template: inner, values: [str('a')] }];
    const bytes = new EvtxWriter().addInstance(outer, values, T).toBytes();
    const chunk = bytes.subarray(4096, 4096 + 65536);
    const nodes = readRecordNodes(newChunkContext(chunk, 0), 512, readRecordHeader(chunk, 512).size);
    expect((nodes[0] as TemplateNode).fragment).toBe(1);
    const e = recordExpansion(nodes);
    expect(e.chars).toBeGreaterThanOrEqual(600_000);
    expect(e.chars).toBeLessThan(MAX_RECORD_CHARS);
    const r = parseEvtxBytes(bytes);
    expect(r.summary.recordsFailed).toBe(0);
    expect(r.records[0]!.EventData).toEqual({ A: 'a' });
  });

  it('limits a chunk of records that are each under the record budget', () => {
    // each record: 4,000 substitutions of a 450-character string = 1.8M characters, under the
    // record budget; the definition is written once, each further record is ~950 bytes
    const perRecord = 4000 * 450;
    expect(perRecord).toBeLessThan(MAX_RECORD_CHARS);
    const bomb = repeatedStringBomb(4000, 'y'.repeat(450));
    const w = new EvtxWriter();
    for (let i = 0; i < 40; i++) w.addInstance(bomb.template, bomb.values, T);
    const r = parseEvtxBytes(w.toBytes(), { objects: true });
    expect(w.chunkCount).toBe(1);
    const fit = Math.floor(MAX_CHUNK_CHARS / perRecord);
    expect(r.records).toHaveLength(fit);
    expect(r.summary.recordsFailed).toBe(40 - fit);
    expect(r.summary.errors.every((e) => e.code === 'evtx.chunk.expansion' && e.context.recordId! > fit)).toBe(true);
    expect(MAX_RECORD_NODES).toBeGreaterThan(4000);
  });
});

describe('chunk budget', () => {
  it('charges each record its own size (the per-chunk record scratch starts from zero at every record)', () => {
    const [a, b] = sampleEvents(3, 2);
    const bomb = nestedBomb(4, 3);
    const w = new EvtxWriter().add(a!).addInstance(bomb.template, bomb.values, T).add(b!).addInstance(bomb.template, bomb.values, T);
    const chunk = w.toBytes().subarray(4096, 4096 + 65536);
    const ctx = newChunkContext(chunk, 0);
    const budget = newChunkBudget();
    let nodes = 0;
    let chars = 0;
    for (let p = 512, k = 0; k < 4; k++) {
      const h = readRecordHeader(chunk, p);
      const record = readRecordNodes(ctx, p, h.size);
      const alone = recordExpansion(record);
      chargeChunkBudget(budget, record);
      expect(budget.record).toEqual(alone);
      nodes += alone.nodes;
      chars += alone.chars;
      expect([budget.nodes, budget.chars]).toEqual([nodes, chars]);
      p += h.size;
    }
    expect(nodes).toBeGreaterThan(100);
  });
});

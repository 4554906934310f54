// Repeated element names become `name`, `name_1`, `name_2`, … (the Rust evtx_dump JSON form).
// Names come from the evidence, so n repeats must cost n probes, not n²/2: 6,000 `Item`
// elements (one fragment substituted 6,000 times) are read here.
import { describe, expect, it } from 'vitest';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { EvtxWriter, str } from '../../../tools/evtx-writer/index';
import { el, sub, Template, text } from '../../../tools/evtx-writer/binxml';
import { ValueType } from '../../../tools/evtx-writer/values';

describe('raw event of repeated names', () => {
  it('suffixes every repeat in order, skipping names the evidence already used', () => {
    const item = new Template('item', el('Item', [], [text('x')]));
    // UserData/Log: a literal Item_2, then one Item fragment substituted 6,000 times
    const top = new Template('user-data', el('Event', [], [el('System', [], [el('EventID', [], [text('1')])]),
      el('UserData', [], [el('Log', [], [el('Item_2', [], [sub(1, ValueType.String, false)]), ...Array.from({ length: 6000 }, () => sub(0, ValueType.BinXml, false))])])]));
    const values = [{ type: 'binxml' as const, template: item, values: [] }, str('literal')];
    const r = parseEvtxBytes(new EvtxWriter().addInstance(top, values, 0x01d4f0e38a2b3c4dn).toBytes());
    expect(r.summary.errors).toEqual([]);
    const log = (r.records[0]!.UserData as Record<string, Record<string, unknown>>)['Log']!;
    const keys = Object.keys(log);
    expect(keys).toHaveLength(6001);
    expect(log['Item_2']).toBe('literal');
    expect(keys.slice(0, 5)).toEqual(['Item_2', 'Item', 'Item_1', 'Item_3', 'Item_4']);
    expect(keys.at(-1)).toBe('Item_6000');
    expect(new Set(keys).size).toBe(keys.length);
  });
});

/**
 * Format sniffing target (`sniffFormat`, ingest/sniff.ts): seeds of every format, mutated as
 * bytes or as text, sometimes left intact (then only cut at a random length past 4 KiB).
 * Invariants: never throws; answers one of the known formats; looks only at the first 64 KiB
 * (the answer for the whole input equals the answer for its head); is deterministic; a magic
 * number answer (`evtx`, `zip`) has the magic; an intact seed is recognised as its format.
 */
import { decodeText } from '../../../src-main/ingest/xml/decode';
import { SNIFF_HEAD_BYTES, sniffFormat } from '../../../src-main/ingest/sniff';
import { mutateBytesChain, Prng } from '../byte-mutate';
import { encodeText, mutateText } from '../text-mutate';
import { seeds, type Seed } from '../seeds';
import { thrown, type CaseOutcome, type FuzzCase, type FuzzTarget } from '../target';

const FORMATS = new Set(['evtx', 'xml', 'json', 'jsonl', 'zip', 'unknown']);
/** What an intact seed of each pool must be sniffed as. */
const EXPECTED: Record<string, string[]> = { evtx: ['evtx'], xml: ['xml'], json: ['json', 'jsonl'], zip: ['zip'] };

function pool(): { format: string; seed: Seed }[] {
  const s = seeds();
  return (['evtx', 'xml', 'json', 'zip'] as const).flatMap((format) => s[format].map((seed) => ({ format, seed })));
}

export const sniffTarget: FuzzTarget = {
  name: 'sniff',
  make(n) {
    const all = pool();
    const intact = n % 8 === 0;
    // intact cases walk the seeds in order of their own, so each seed is met intact
    const { format, seed } = all[(intact ? n / 8 : n) % all.length]!;
    const r = new Prng(n * 0xc2b2ae35 + 3);
    const name = `${format}:${seed.name}`;
    if (intact) {
      const cut = Math.min(seed.bytes.length, r.int(4096, 2 * SNIFF_HEAD_BYTES));
      return { target: 'sniff', n, seed: name, mutation: `intact, cut at ${cut}`, bytes: seed.bytes.subarray(0, cut) };
    }
    if ((format === 'xml' || format === 'json') && r.chance(0.5)) {
      const t = mutateText(decodeText(seed.bytes.subarray(0, 256 * 1024)), format, r);
      const e = encodeText(t.text, r);
      return { target: 'sniff', n, seed: name, mutation: `text ${t.mutation}, ${e.encoding}`, bytes: e.bytes };
    }
    const head = seed.bytes.subarray(0, Math.min(seed.bytes.length, 2 * SNIFF_HEAD_BYTES));
    const m = mutateBytesChain(head, r, [Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xfe, 0xff), new TextEncoder().encode('{"a":1}\n'), new TextEncoder().encode('<'), new TextEncoder().encode('ElfFile\0'), Uint8Array.of(0x50, 0x4b, 0x03, 0x04)]);
    return { target: 'sniff', n, seed: name, mutation: `bytes ${m.mutation}`, bytes: m.bytes };
  },
  async check(c: FuzzCase): Promise<CaseOutcome> {
    const v: string[] = [];
    let answer: string;
    try {
      answer = sniffFormat(c.bytes);
      const again = sniffFormat(c.bytes.slice());
      const head = sniffFormat(c.bytes.subarray(0, SNIFF_HEAD_BYTES));
      if (again !== answer) v.push(`invariant: not deterministic: ${answer} then ${again}`);
      if (head !== answer) v.push(`invariant: looked past the head: whole ${answer}, first ${SNIFF_HEAD_BYTES} bytes ${head}`);
    } catch (e) {
      return { events: 0, lost: 0, violations: [thrown('sniffFormat', e)] };
    }
    if (!FORMATS.has(answer)) v.push(`invariant: unknown answer ${JSON.stringify(answer)}`);
    const b = c.bytes;
    if (answer === 'evtx' && String.fromCharCode(...b.subarray(0, 8)) !== 'ElfFile\0') v.push('invariant: evtx without the ElfFile magic');
    if (answer === 'zip' && !(b[0] === 0x50 && b[1] === 0x4b)) v.push('invariant: zip without the PK magic');
    if (c.mutation.startsWith('intact')) {
      const expected = EXPECTED[c.seed.slice(0, c.seed.indexOf(':'))]!;
      if (!expected.includes(answer)) v.push(`invariant: intact ${c.seed} sniffed as ${answer}, expected ${expected.join(' or ')}`);
    }
    return { events: 0, lost: 0, violations: v };
  },
};

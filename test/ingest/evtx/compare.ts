/**
 * Comparison of our RawEvent with a peer's record, value by value, after normalising the
 * rendering differences that are only presentation (documented in the format notes):
 * hex ints (`0x3e7` vs `0x00000000000003e7`), GUID case, FILETIME precision (we keep 7 digits,
 * libevtx prints 9, python-evtx 6 and rounds through `datetime`), control characters (python-evtx
 * drops them; XML 1.0 cannot carry them), and booleans.
 */
import type { EventValue, RawEvent } from '../../../src-main/model/raw-event';
import type { OracleRecord, Peer } from './helpers';

const CTRL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const TS = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/;

/** Our value as the text a peer prints. */
function ourText(v: EventValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(ourText).join(',');
  if (typeof v === 'object') return leafTexts(v).join('');
  return String(v);
}

/** Leaf texts of a nested object in order (attributes skipped). */
function leafTexts(v: EventValue): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [ourText(v)];
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (k === '#attributes') continue;
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) out.push(...leafTexts(x));
    else out.push(ourText(x));
  }
  if (out.length === 0) out.push(''); // an element with attributes only: empty text, as peers print
  return out;
}

/** Equal after presentation normalisation; `peer` selects the timestamp tolerance. */
function sameValue(ours: string, theirs: string, peer: Peer): boolean {
  if (ours === theirs) return true;
  // XML parsers turn CR LF into LF (XML 1.0 §2.11); we keep the bytes as written.
  const a = ours.replace(/\r\n?/g, '\n').replace(CTRL, '');
  const b = theirs.replace(/\r\n?/g, '\n').replace(CTRL, '');
  if (a === b) return true;
  if (a.trim() === b.trim() && peer === 'python') return true;
  if (/^0x[0-9a-f]+$/i.test(a) && /^0x[0-9a-f]+$/i.test(b)) return BigInt(a) === BigInt(b);
  if (/^\{[0-9a-f-]{36}\}$/i.test(a) && a.toUpperCase() === b.toUpperCase()) return true;
  if ((a === 'true' || a === 'false') && a === b.toLowerCase()) return true;
  const ta = TS.exec(a);
  const tb = TS.exec(b);
  if (ta && tb) {
    if (ta[1] !== tb[1] || ta[2] !== tb[2]) {
      // python-evtx may round across a second boundary; fall through to the numeric check.
    }
    const ns = (m: RegExpExecArray) => BigInt(Date.parse(`${m[1]}T${m[2]}Z`)) * 1000000n + BigInt((m[3] ?? '').padEnd(9, '0').slice(0, 9));
    const d = ns(ta) - ns(tb);
    // python-evtx converts FILETIMEs through floating point and `datetime`: off by up to a few µs.
    const tol = peer === 'python' ? 5000n : 0n;
    return d <= tol && d >= -tol;
  }
  if (a.toUpperCase() === b.toUpperCase() && /^[0-9A-F]+$/i.test(a)) return true;
  // python-evtx renders binary values as base64.
  if (peer === 'python' && /^[0-9A-F]+$/.test(a) && /^[A-Za-z0-9+/]+=*$/.test(b)) {
    if (Buffer.from(b, 'base64').toString('hex').toUpperCase() === a) return true;
  }
  const fa = Number(a);
  const fb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(fa) && Number.isFinite(fb) && !/^0\d/.test(a)) {
    return Math.abs(fa - fb) <= 1e-6 * Math.max(1, Math.abs(fa));
  }
  return false;
}

/** Differences between our event and a peer record, as readable strings (empty when equal). */
export function diffRecord(ev: RawEvent, o: OracleRecord, peer: Peer): string[] {
  const d: string[] = [];
  const cmp = (what: string, ours: string, theirs: string | null) => {
    if (theirs === null) return;
    if (!sameValue(ours, theirs, peer)) d.push(`${what}: ours ${JSON.stringify(ours)} vs ${peer} ${JSON.stringify(theirs)}`);
  };
  cmp('EventID', ourText(ev.EventID), o.eid);
  cmp('TimeCreated', ourText(ev.TimeCreated), o.time);
  cmp('Computer', ourText(ev.Computer), o.computer);
  cmp('Channel', ourText(ev.Channel), o.channel);
  cmp('Provider', ourText(ev.Provider.Name), o.provider);
  if (o.data !== null) {
    const ed = ev.EventData ?? {};
    // python-evtx renders a string-array substitution as `<string>…</string>` lines inside one
    // element; libevtx repeats the element once per item (as MS-EVEN6 says). Use libevtx's form.
    const data: [string, string | null, string][] = [];
    for (const [tag, name, text] of o.data) {
      const items = /^(?:<string>[\s\S]*?<\/string>\n)+$/.test(text) ? [...text.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((m) => m[1]!) : null;
      if (items) for (const it of items) data.push([tag, name, it]);
      else data.push([tag, name, text]);
    }
    const unnamed = Array.isArray(ed['Data']) ? (ed['Data'] as EventValue[]) : [];
    let ui = 0;
    const seen = new Map<string, number>();
    for (const [tag, name, text] of data) {
      let ours: EventValue | undefined;
      let label: string;
      if (tag === 'Data' && name) {
        const n = seen.get(name) ?? 0;
        seen.set(name, n + 1);
        const v = ed[name];
        if (Array.isArray(v)) {
          // our named array value ↔ the peer's repeated elements
          label = `${name}[${n}]`;
          ours = v[n];
        } else {
          label = n === 0 ? name : `${name}_${n}`;
          ours = ed[label];
        }
      } else if (tag === 'Data') {
        label = `Data[${ui}]`;
        ours = unnamed[ui++];
      } else {
        const n = seen.get(tag) ?? 0;
        seen.set(tag, n + 1);
        label = n === 0 ? tag : `${tag}_${n}`;
        ours = ed[label];
      }
      cmp(`EventData.${label}`, ourText(ours), text);
    }
  }
  if (o.user !== null) {
    const ours = ev.UserData ? leafTexts(ev.UserData) : [];
    const theirs = o.user;
    if (ours.length !== theirs.length || ours.some((x, i) => !sameValue(x, theirs[i]!, peer))) {
      d.push(`UserData: ours ${JSON.stringify(ours)} vs ${peer} ${JSON.stringify(theirs)}`);
    }
  }
  return d;
}

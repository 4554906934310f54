/**
 * BinXML names (libyal EVTX doc §4.3 "Name"): u32 next-name offset (hash chain), u16 hash,
 * u16 character count, UTF-16LE characters, NUL. Cached per chunk by offset. A name is inline
 * iff its offset equals the reader's position; then its bytes are skipped.
 */
import type { ByteCursor } from '../byte-cursor';
import { u16At } from '../byte-cursor';
import { EvtxFormatError } from '../errors';
import { decodeUtf16 } from '../text';
import type { ChunkContext } from './context';

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * One string object per distinct name, seeded with the names the renderers compare against, so
 * `name === 'Provider'` and `switch (name)` compare pointers (V8 internalises literals) and names
 * used as object keys need no lookup. Bounded: evidence is attacker-controlled.
 */
const INTERNED = new Map<string, string>();
const MAX_INTERNED = 20_000;
for (const n of ['Event', 'System', 'Provider', 'Name', 'Guid', 'EventSourceName', 'EventID', 'Qualifiers', 'Version',
  'Level', 'Task', 'Opcode', 'Keywords', 'TimeCreated', 'SystemTime', 'EventRecordID', 'Correlation', 'ActivityID',
  'RelatedActivityID', 'Execution', 'ProcessID', 'ThreadID', 'Channel', 'Computer', 'Security', 'UserID', 'EventData',
  'UserData', 'Data', 'RenderingInfo', 'Binary', 'xmlns']) INTERNED.set(n, n);

function intern(s: string): string {
  const hit = INTERNED.get(s);
  if (hit !== undefined) return hit;
  if (INTERNED.size < MAX_INTERNED) INTERNED.set(s, s);
  return s;
}

/** Strict mode (recovered records): a name must be NUL-terminated and look like an XML name. */
function checkStrict(ctx: ChunkContext, off: number, s: string): string {
  const b = ctx.buf;
  const end = off + 8 + s.length * 2;
  if (!XML_NAME.test(s) || end + 2 > b.length || b[end] !== 0 || b[end + 1] !== 0) {
    throw new EvtxFormatError('evtx.binxml.name', `implausible name at ${off} in a recovered record`, { offset: off });
  }
  return s;
}

/** Reads the name at chunk offset `off` (through the cache). */
function nameAt(ctx: ChunkContext, off: number): string {
  const cached = ctx.names.get(off);
  if (cached !== undefined) return ctx.strictTemplateIds ? checkStrict(ctx, off, cached) : cached;
  const b = ctx.buf;
  if (off + 8 > b.length) {
    throw new EvtxFormatError('evtx.binxml.name', `name offset ${off} outside chunk`, { offset: off });
  }
  const count = u16At(b, off + 6);
  if (off + 8 + count * 2 > b.length) {
    throw new EvtxFormatError('evtx.binxml.name', `name at ${off} (${count} chars) overruns chunk`, { offset: off });
  }
  const s = intern(decodeUtf16(b, off + 8, count));
  ctx.names.set(off, s);
  return ctx.strictTemplateIds ? checkStrict(ctx, off, s) : s;
}

/** Reads a u32 name offset at the cursor, resolves it, and skips an inline name. */
export function readNameRef(cur: ByteCursor, ctx: ChunkContext, label: string): string {
  const off = cur.u32(label);
  const name = nameAt(ctx, off);
  if (off === cur.pos) cur.skip(8 + u16At(ctx.buf, off + 6) * 2 + 2, `${label}.inline`);
  return name;
}

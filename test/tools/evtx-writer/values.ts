// BinXML value types (libyal "Value types"; [MS-EVEN6] 2.2.18) and their encodings in template instance data.

export const ValueType = {
  Null: 0x00,
  String: 0x01,
  UInt8: 0x04,
  UInt16: 0x06,
  UInt32: 0x08,
  UInt64: 0x0a,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  FileTime: 0x11,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  BinXml: 0x21,
  StringArray: 0x81,
} as const;
export type ValueTypeCode = (typeof ValueType)[keyof typeof ValueType];

/** A typed value as written into a substitution. */
export type Value =
  | { type: 'null' }
  | { type: 'string'; value: string }
  | { type: 'u8'; value: number }
  | { type: 'u16'; value: number }
  | { type: 'u32'; value: number }
  | { type: 'u64'; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'guid'; value: string }
  | { type: 'filetime'; value: bigint }
  | { type: 'sid'; value: string }
  | { type: 'hex32'; value: number }
  | { type: 'hex64'; value: bigint }
  /** An array of UTF-16 strings (0x81): each NUL-terminated, as Windows writes them. */
  | { type: 'stringArray'; value: string[] };

export type ValueKind = Value['type'];

export const TYPE_CODE: Record<ValueKind, ValueTypeCode> = {
  null: ValueType.Null,
  string: ValueType.String,
  u8: ValueType.UInt8,
  u16: ValueType.UInt16,
  u32: ValueType.UInt32,
  u64: ValueType.UInt64,
  bool: ValueType.Bool,
  binary: ValueType.Binary,
  guid: ValueType.Guid,
  filetime: ValueType.FileTime,
  sid: ValueType.Sid,
  hex32: ValueType.HexInt32,
  hex64: ValueType.HexInt64,
  stringArray: ValueType.StringArray,
};

// Shorthand constructors.
export const str = (value: string): Value => ({ type: 'string', value });
export const u8 = (value: number): Value => ({ type: 'u8', value });
export const u16 = (value: number): Value => ({ type: 'u16', value });
export const u32 = (value: number): Value => ({ type: 'u32', value });
export const u64 = (value: bigint | number): Value => ({ type: 'u64', value: BigInt(value) });
export const strArray = (value: string[]): Value => ({ type: 'stringArray', value });
export const bool = (value: boolean): Value => ({ type: 'bool', value });
export const bin = (value: Uint8Array): Value => ({ type: 'binary', value });
export const guid = (value: string): Value => ({ type: 'guid', value });
export const filetime = (value: bigint): Value => ({ type: 'filetime', value });
export const sid = (value: string): Value => ({ type: 'sid', value });
export const hex32 = (value: number): Value => ({ type: 'hex32', value });
export const hex64 = (value: bigint | number): Value => ({ type: 'hex64', value: BigInt(value) });
export const NULL: Value = { type: 'null' };

/** "{AABBCCDD-EEFF-0011-2233-445566778899}" → 16 bytes, mixed-endian (u32, u16, u16 LE, then 8 bytes as-is). */
export function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`bad GUID: ${text}`);
  const b = Buffer.from(hex, 'hex');
  const out = new Uint8Array(16);
  out.set([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!], 0);
  out.set(b.subarray(8), 8);
  return out;
}

/** "S-1-5-21-…" → revision, sub-authority count, 48-bit big-endian authority, u32 LE sub-authorities. */
function sidBytes(text: string): Uint8Array {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(text);
  if (!m) throw new Error(`bad SID: ${text}`);
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : [];
  const out = new Uint8Array(8 + 4 * subs.length);
  const v = new DataView(out.buffer);
  out[0] = Number(m[1]);
  out[1] = subs.length;
  const auth = BigInt(m[2]!);
  for (let i = 0; i < 6; i++) out[2 + i] = Number((auth >> BigInt(8 * (5 - i))) & 0xffn);
  subs.forEach((s, i) => v.setUint32(8 + 4 * i, s, true));
  return out;
}

/** Bytes of a value inside template instance data. */
export function encodeValue(v: Value): Uint8Array {
  const fixed = (n: number, f: (d: DataView) => void): Uint8Array => {
    const out = new Uint8Array(n);
    f(new DataView(out.buffer));
    return out;
  };
  switch (v.type) {
    case 'null':
      return new Uint8Array(0);
    case 'string': {
      const out = new Uint8Array(v.value.length * 2);
      const d = new DataView(out.buffer);
      for (let i = 0; i < v.value.length; i++) d.setUint16(i * 2, v.value.charCodeAt(i), true);
      return out;
    }
    case 'u8':
      return Uint8Array.of(v.value & 0xff);
    case 'u16':
      return fixed(2, (d) => d.setUint16(0, v.value, true));
    case 'u32':
    case 'hex32':
      return fixed(4, (d) => d.setUint32(0, v.value >>> 0, true));
    case 'bool':
      return fixed(4, (d) => d.setUint32(0, v.value ? 1 : 0, true));
    case 'u64':
    case 'hex64':
    case 'filetime':
      return fixed(8, (d) => d.setBigUint64(0, BigInt.asUintN(64, v.value), true));
    case 'binary':
      return v.value.slice();
    case 'stringArray':
      return encodeValue({ type: 'string', value: v.value.map((x) => `${x}\0`).join('') });
    case 'guid':
      return guidBytes(v.value);
    case 'sid':
      return sidBytes(v.value);
  }
}

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** ISO-8601 UTC with up to 7 fractional digits ("2026-11-20T09:14:03.1234567Z") → FILETIME. */
export function filetimeFromIso(iso: string): bigint {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) throw new Error(`bad ISO time: ${iso}`);
  const secs = BigInt(Date.parse(`${m[1]}Z`) / 1000);
  const frac = BigInt((m[2] ?? '').padEnd(7, '0'));
  return FILETIME_UNIX_EPOCH + secs * 10_000_000n + frac;
}

/** FILETIME → ISO-8601 UTC with 7 fractional digits. */
export function isoFromFiletime(ft: bigint): string {
  const rel = ft - FILETIME_UNIX_EPOCH;
  const secs = rel / 10_000_000n;
  const frac = rel % 10_000_000n;
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  return `${base}.${frac.toString().padStart(7, '0')}Z`;
}

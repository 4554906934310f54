// Per-chunk common-string (name) table and template-pointer table, both hash tables of chains.
// Offsets are chunk-relative. New entries are prepended to their bucket's chain: an entry's "next" field
// holds the previous bucket head, so nothing already written needs patching.

const STRING_BUCKETS = 64;
const TEMPLATE_BUCKETS = 32;

/** Name hash used by the string table (libyal: hash = hash * 65599 + code unit, low 16 bits kept). */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

export class ChunkTables {
  readonly names = new Map<string, number>();
  readonly templates = new Map<string, number>();
  readonly stringBuckets = new Array<number>(STRING_BUCKETS).fill(0);
  readonly templateBuckets = new Array<number>(TEMPLATE_BUCKETS).fill(0);

  clone(): ChunkTables {
    const c = new ChunkTables();
    for (const [k, v] of this.names) c.names.set(k, v);
    for (const [k, v] of this.templates) c.templates.set(k, v);
    c.stringBuckets.splice(0, STRING_BUCKETS, ...this.stringBuckets);
    c.templateBuckets.splice(0, TEMPLATE_BUCKETS, ...this.templateBuckets);
    return c;
  }

  /** Record a name written inline at `offset`; returns the value of its "next string offset" field. */
  addName(name: string, offset: number): number {
    const bucket = nameHash(name) % STRING_BUCKETS;
    const next = this.stringBuckets[bucket]!;
    this.stringBuckets[bucket] = offset;
    this.names.set(name, offset);
    return next;
  }

  /** Record a template definition written inline at `offset`; returns its "next template offset". */
  addTemplate(key: string, id: number, offset: number): number {
    const bucket = id % TEMPLATE_BUCKETS;
    const next = this.templateBuckets[bucket]!;
    this.templateBuckets[bucket] = offset;
    this.templates.set(key, offset);
    return next;
  }
}

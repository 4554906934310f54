/**
 * Per-chunk decoding state: the chunk bytes plus caches of names (by offset) and template
 * definitions (by offset). Chunks are independent (libyal EVTX doc §3: all name and template
 * offsets are chunk-relative), so a context never outlives its chunk and needs no locking.
 */
import { ByteCursor } from '../byte-cursor';
import type { TemplateDef } from './nodes';

export interface ChunkContext {
  buf: Uint8Array;
  /** The same bytes, for word-at-a-time reads (value comparisons in template.ts). */
  view: DataView;
  chunkIndex: number;
  names: Map<number, string>;
  templates: Map<number, TemplateDef>;
  /**
   * `templates` in front of the map: slot `(offset >> 2) & 63` holds the last definition looked up
   * there (a chunk has a few dozen definitions, and every record looks one or two up).
   */
  recentTemplates: (TemplateDef | null)[];
  /** Offsets of templates being parsed right now (guards self-referencing definitions). */
  templatesInProgress: Set<number>;
  ansiCodepage: string;
  /**
   * Require a template instance's id to equal the first 4 bytes of the referenced definition's
   * GUID (they are the same value in every allocated record of the corpus). Used for recovered
   * records, whose template offsets may point into a newer generation of the chunk.
   */
  strictTemplateIds: boolean;
  /** The cursor over `buf` the record reader re-points at each record's template instance (record.ts). */
  recordCursor: ByteCursor;
}

export function newChunkContext(buf: Uint8Array, chunkIndex: number, ansiCodepage = 'windows-1252'): ChunkContext {
  const ctx: ChunkContext = {
    buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), chunkIndex, names: new Map(), templates: new Map(),
    recentTemplates: new Array<TemplateDef | null>(64).fill(null), templatesInProgress: new Set(), ansiCodepage, strictTemplateIds: true,
    recordCursor: new ByteCursor(buf),
  };
  // Set twice, so V8 tracks the field as changing from the first chunk on. Otherwise it took the field
  // for a constant until recovery first set it (recover.ts), and that store deoptimised the compiled
  // token loop and template reader that read it (--trace-compilation-dependencies: field-const).
  ctx.strictTemplateIds = false;
  return ctx;
}

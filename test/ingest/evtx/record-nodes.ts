/**
 * Test helper: the parsed BinXML nodes of every record a file's chunks hold in their allocated
 * area, read as the chunk reader reads them (one context per chunk, so definitions and their
 * plans are shared by the chunk's records). Records that do not parse are skipped.
 */
import { newChunkContext } from '../../../src-main/ingest/evtx/binxml/context';
import type { XNode } from '../../../src-main/ingest/evtx/binxml/nodes';
import { hasChunkMagic } from '../../../src-main/ingest/evtx/chunk-header';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../../../src-main/ingest/evtx/file-header';
import { hasRecordMagic, readRecordHeader, readRecordNodes } from '../../../src-main/ingest/evtx/record';
import type { RecordHeader } from '../../../src-main/ingest/evtx/record';

export function* recordNodes(bytes: Uint8Array): Generator<{ h: RecordHeader; nodes: XNode[] }> {
  for (let off = FILE_HEADER_SIZE; off + CHUNK_SIZE <= bytes.length; off += CHUNK_SIZE) {
    const chunk = bytes.subarray(off, off + CHUNK_SIZE);
    if (!hasChunkMagic(chunk)) continue;
    const ctx = newChunkContext(chunk, 0);
    for (let p = 512; p + 28 <= chunk.length && hasRecordMagic(chunk, p);) {
      const h = readRecordHeader(chunk, p);
      if (h.size < 28 || p + h.size > chunk.length) break;
      let nodes: XNode[] | null = null;
      try {
        nodes = readRecordNodes(ctx, p, h.size);
      } catch {
        // a damaged record: not what these tests look at
      }
      if (nodes !== null) yield { h, nodes };
      p += h.size;
    }
  }
}

/**
 * Sniffs an evidence format from its first bytes (up to 64 KiB), by content, never by extension.
 *
 * - `evtx`: `ElfFile\0` file-header magic, or, when the header is damaged (first bytes
 *   overwritten), `ElfChnk\0` at 4096 where the first chunk starts (the reader then reports the
 *   header as an error and reads the chunks).
 * - `zip`: `PK\x03\x04` (local file header) or `PK\x05\x06` (end of central directory: empty zip).
 * - text (UTF-8, UTF-16LE/BE with or without BOM), after whitespace:
 *   `<` → `xml`; `[` → `json`; `{` → `jsonl` when two or more lines each hold a whole JSON
 *   object (bad lines may sit between them), or the first line is one and another line starts
 *   one (cut off by the head limit); otherwise `json` (one object, possibly pretty-printed).
 *   evtx_dump's `Record N` lines before a record are skipped first.
 * - text that starts otherwise (a log header, a junk line) but holds two or more lines that are
 *   whole JSON objects → `jsonl` (the reader counts the other lines as errors: nothing is lost
 *   silently because of a first line).
 * - anything else → `unknown`.
 */
import { decodeText } from './xml/decode';
import { hasFileMagic, hasFirstChunkMagic } from './evtx/file-header';

import type { EvidenceFormat } from '../shared/evidence-formats';

export type { EvidenceFormat };

/** How many bytes of a file `sniffFormat` looks at. */
export const SNIFF_HEAD_BYTES = 64 * 1024;

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

function isJsonObjectLine(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export function sniffFormat(head: Uint8Array): EvidenceFormat {
  const bytes = head.length > SNIFF_HEAD_BYTES ? head.subarray(0, SNIFF_HEAD_BYTES) : head;
  if (hasFileMagic(bytes)) return 'evtx';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (hasFirstChunkMagic(bytes)) return 'evtx';

  // evtx_dump -o json writes `Record N` before each record.
  const text = decodeText(bytes).replace(/^(?:\s*Record \d+[ \t]*\r?\n)+/, '');
  const start = text.search(/\S/);
  if (start < 0) return 'unknown';
  const first = text[start];
  if (first === '<') return 'xml';
  if (first === '[') return 'json';
  const lines = text.slice(start).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (first !== '{') return lines.filter((l) => l.startsWith('{') && isJsonObjectLine(l)).length >= 2 ? 'jsonl' : 'unknown';

  // JSON lines when two lines are whole objects (bad lines in between are the reader's business),
  // or when the first line is a whole object and another line starts one (cut by the head limit).
  // A pretty-printed object has no line that is a whole object on its own.
  let objectLines = 0;
  let braceLines = 0;
  for (const line of lines) {
    if (line.startsWith('{')) braceLines++;
    if (isJsonObjectLine(line) && ++objectLines >= 2) return 'jsonl';
  }
  return objectLines === 1 && isJsonObjectLine(lines[0]!) && braceLines >= 2 ? 'jsonl' : 'json';
}

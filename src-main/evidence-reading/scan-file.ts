/**
 * What the hashing phase records of one evidence file: its SHA-256 and size as read (hash-file.ts)
 * and its format sniffed from its first bytes (ingest/sniff.ts), or why it could not be read. The
 * same code in a worker (`scan-files` items, run-item.ts) and in the main thread (case/hash-evidence.ts).
 */
import { sniffFormat } from '../ingest/sniff';
import { toErrorShape } from './error-shape';
import { hashFile } from './hash-file';
import type { ScanOutcome } from './messages';

/** Throws only when cancelled (`isCancelled`); any other failure is the outcome. */
export async function scanFile(absPath: string, relPath: string, onBytes: (bytesDone: number) => void, isCancelled: () => boolean): Promise<ScanOutcome> {
  try {
    const hashed = await hashFile(absPath, onBytes, isCancelled);
    return { ok: true, relPath, sha256: hashed.sha256, bytes: hashed.bytes, format: sniffFormat(hashed.head) };
  } catch (err) {
    if ((err as { code?: string }).code === 'cancelled') throw err;
    return { ok: false, relPath, error: toErrorShape(err, relPath) };
  }
}

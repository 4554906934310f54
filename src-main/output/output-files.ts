/**
 * Where the app and the CLI may write, and how: one rule for both.
 *
 * - An output (JSON, CSV, PDF, any export) never lands inside an evidence folder, nor on an
 *   evidence file, nor through a link that leads into one; its folder must exist and be writable.
 *   The CLI checks every output before it reads any evidence.
 * - Every output is written to a temporary file beside its target and renamed into place, so a
 *   reader never sees a half-written file and a failed write never leaves one (POSIX rename(2)
 *   replaces the target atomically within one file system). Large outputs (the CLI's JSON and
 *   CSV) are streamed into that temporary file piece by piece (`writeFileAtomicFrom`).
 */
import { constants } from 'node:fs';
import { access, lstat, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../shared/errors';

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, or null when it does not exist (or cannot be resolved). */
async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

/**
 * Refuses an output path inside (or equal to) any of the evidence folders, a target that is a
 * directory or a link, and a folder that does not exist or cannot be written. `evidenceRoots` are
 * real paths (as GrantedRoots holds them). Checks only: it writes nothing.
 */
export async function checkOutputPath(target: string, evidenceRoots: Iterable<string>): Promise<string> {
  if (!path.isAbsolute(target)) throw new ApiError('bad_argument', `output path must be absolute: ${target}`, { path: target });
  const dir = path.dirname(target);
  const realDir = await realOrNull(dir);
  if (realDir === null) throw new ApiError('not_found', `the output folder does not exist: ${dir}`, { path: target });
  const dirStat = await stat(realDir);
  if (!dirStat.isDirectory()) throw new ApiError('not_a_directory', `the output folder is not a folder: ${dir}`, { path: target });
  const real = path.join(realDir, path.basename(target));
  const linked = await realOrNull(target);
  for (const root of evidenceRoots) {
    if (isInside(root, real) || (linked !== null && isInside(root, linked))) {
      throw new ApiError('not_allowed', `the evidence folder is read-only: write outputs outside it (${target})`, { path: target, evidence: root });
    }
  }
  const existing = await lstat(target).catch(() => null);
  if (existing?.isDirectory()) throw new ApiError('not_a_file', `the output path is a folder: ${target}`, { path: target });
  if (existing?.isSymbolicLink()) throw new ApiError('not_allowed', `the output path is a link; name the file itself: ${target}`, { path: target });
  try {
    await access(realDir, constants.W_OK);
  } catch {
    throw new ApiError('not_allowed', `the output folder cannot be written: ${dir}`, { path: target });
  }
  return real;
}

/** A temporary file beside `target` (same folder, so the rename stays within one file system). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Runs `write` on a new temporary file beside `target`, syncs it and renames it onto `target`;
 * when anything fails the temporary file is removed and `target` keeps its old content.
 */
async function writeThroughTemp(target: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(target);
  let renamed = false;
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await write(fh);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Writes `content` to `target` through a temporary file in the same folder and a rename, so the
 * target holds either its old content or the whole new one, never a part.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await writeThroughTemp(target, (fh) => fh.writeFile(content));
}

/** Pieces are gathered in one buffer of this many bytes, written out once it is full. */
const WRITE_BATCH = 1 << 20;
/** UTF-8 bytes one UTF-16 code unit can take at most (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * `s` in consecutive slices of at most `units` UTF-16 code units (`units` ≥ 2), never between the
 * two halves of a surrogate pair: each slice encodes to the same UTF-8 bytes as its part of `s`
 * (a pair cut in two would be written as two replacement characters).
 */
export function* stringSlices(s: string, units: number): Generator<string> {
  for (let at = 0; at < s.length;) {
    let end = Math.min(s.length, at + units);
    const last = s.charCodeAt(end - 1);
    if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield s.slice(at, end);
    at = end;
  }
}

/**
 * The streaming counterpart of `writeFileAtomic`: writes the pieces `chunks` produces, in order
 * and as they are produced (strings as UTF-8, encoded straight into a reused buffer of about
 * 1 MiB that is written each time it fills: no Buffer per piece and no copy to join them; a text
 * larger than the buffer is encoded into it in slices, bytes larger than it are written alone),
 * to a temporary file beside `target`, renamed into place when the last piece is written. Two
 * such buffers take turns: while one is written (in libuv's threads) the pieces fill the other,
 * so making the text overlaps writing it; one write at a time, in order. Memory stays at the two
 * buffers plus one piece whatever the total size. A synchronous source is read without an await
 * per piece. If the pieces throw, or a write fails, the temporary file is removed and the error
 * is passed on. Returns the bytes written.
 */
export async function writeFileAtomicFrom(target: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<number> {
  let written = 0;
  await writeThroughTemp(target, async (fh) => {
    const buffers = [Buffer.allocUnsafe(WRITE_BATCH), Buffer.allocUnsafe(WRITE_BATCH)] as const;
    let turn = 0;
    let buf: Buffer = buffers[0];
    let used = 0;
    /** The write in flight (of the buffer not being filled), if any. */
    let inFlight: Promise<void> | null = null;
    const writeAll = async (bytes: Uint8Array, length: number) => {
      for (let at = 0; at < length;) {
        const { bytesWritten } = await fh.write(bytes, at, length - at);
        at += bytesWritten;
      }
      written += length;
    };
    const settle = async () => {
      const w = inFlight;
      inFlight = null;
      if (w) await w;
    };
    /** Starts writing the filled buffer (after the write before it) and turns to the other one. */
    const flush = async () => {
      if (used === 0) return;
      await settle(); // the other buffer is free once its write is done
      inFlight = writeAll(buf, used);
      inFlight.catch(() => undefined); // its error is taken when it is awaited (settle)
      turn ^= 1;
      buf = buffers[turn];
      used = 0;
    };
    /** A piece larger than the room left: a text larger than a buffer put in slices, else the buffer flushed first (and bytes larger than it written alone). */
    const putLarge = async (chunk: string | Uint8Array, most: number) => {
      if (typeof chunk === 'string' && most > buf.length) {
        // Encoded through the buffers in slices (no Buffer of the whole piece, writes still overlapping).
        for (const slice of stringSlices(chunk, Math.floor(WRITE_BATCH / MAX_UTF8_PER_UNIT))) {
          const wait = put(slice);
          if (wait !== undefined) await wait;
        }
        return;
      }
      await flush();
      if (most <= buf.length) { put(chunk); return; }
      await settle();
      await writeAll(chunk as Uint8Array, chunk.length);
    };
    /** Encodes a piece into the buffer; a promise only when it must wait for room (then awaited before the next piece). */
    const put = (chunk: string | Uint8Array): Promise<void> | undefined => {
      const most = typeof chunk === 'string' ? chunk.length * MAX_UTF8_PER_UNIT : chunk.length;
      if (most > buf.length - used) return putLarge(chunk, most);
      if (typeof chunk === 'string') used += buf.write(chunk, used, 'utf8');
      else { buf.set(chunk, used); used += chunk.length; }
      return undefined;
    };
    try {
      // A synchronous source (the triage document: 26,000 pieces on the shared corpus) is read
      // without an await per piece (`for await` takes a promise and a microtask turn for each).
      if (Symbol.iterator in chunks) {
        for (const chunk of chunks) {
          const wait = put(chunk);
          if (wait !== undefined) await wait;
        }
      } else {
        for await (const chunk of chunks) {
          const wait = put(chunk);
          if (wait !== undefined) await wait;
        }
      }
      await flush();
      await settle();
    } catch (err) {
      // The file is closed and removed once this returns: never with a write still in flight.
      await (inFlight as Promise<void> | null)?.catch(() => undefined);
      throw err;
    }
  });
  return written;
}

export { isInside };

/**
 * How many workers to start for a folder before it is walked (the CLI's pool: cli/run-triage.ts),
 * from a look at its top: one when it holds nothing or a single regular file no larger than one
 * EVTX read item, also below a chain of folders that each hold nothing else (`case/HOST/log.evtx`),
 * else the whole pool. The pool starts another worker whenever an item waits and every started
 * worker is busy (pool.ts `pump`), so this only decides which start early and warm up.
 *
 * A second worker pays only when there is a second item to give it. On the 2-core VM a worker
 * costs ~0.1 s of CPU to start, on the cores the first worker and the main thread need (issue 21):
 * a folder of one small file is one hashing item and one read item (an archive, a JSON or XML
 * export, an EVTX file of at most one item's chunk slots: plan-reads.ts), so one worker reads it
 * alone, sooner. A larger single file may be an EVTX file read in ranges side by side (its format
 * is not known before it is hashed), and a folder of several files is hashed and read side by
 * side. Anything that cannot be looked at (a symbolic link, an unreadable folder, a chain deeper
 * than MAX_CHAIN) gets the whole pool, as every folder did before.
 */
import { opendirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { EVTX_READ_ITEM_BYTES } from './plan-reads';

/** Folders followed down a chain of single entries (a hostile tree may nest deeper: the whole pool). */
const MAX_CHAIN = 16;

/** The folder's only entry; null when it is empty; undefined when it has more than one. */
function onlyEntry(dir: string): Dirent | null | undefined {
  const d = opendirSync(dir);
  try {
    const first = d.readSync();
    if (first === null) return null;
    return d.readSync() === null ? first : undefined;
  } finally {
    d.closeSync();
  }
}

export function workersForFolder(root: string, poolSize: number): number {
  try {
    let dir = root;
    for (let depth = 0; depth < MAX_CHAIN; depth++) {
      const only = onlyEntry(dir);
      if (only === null) return 1; // nothing to read: one worker answers the walk
      if (only === undefined) return poolSize;
      const p = path.join(dir, only.name);
      if (only.isDirectory()) { dir = p; continue; }
      if (!only.isFile()) return poolSize;
      return statSync(p).size <= EVTX_READ_ITEM_BYTES ? 1 : poolSize;
    }
    return poolSize;
  } catch {
    return poolSize;
  }
}

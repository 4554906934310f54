/**
 * How many workers to start for a folder before it is walked (the CLI's pool: cli/run-triage.ts),
 * from a look at its top level: one when it holds nothing or a single regular file no larger than
 * one EVTX read item, else the whole pool. The pool starts another worker whenever an item waits
 * and every started worker is busy (pool.ts `pump`), so this only decides which start early and
 * warm up.
 *
 * A second worker pays only when there is a second item to give it. On the 2-core VM a worker
 * costs ~0.1 s of CPU to start, on the cores the first worker and the main thread need (issue 21):
 * a folder of one small file is one hashing item and one read item (an archive, a JSON or XML
 * export, an EVTX file of at most one item's chunk slots: plan-reads.ts), so one worker reads it
 * alone, sooner. A larger single file may be an EVTX file read in ranges side by side (its format
 * is not known before it is hashed), and a folder of several files or of folders is hashed and
 * read side by side. Anything that cannot be looked at (a symbolic link, an unreadable folder)
 * gets the whole pool, as every folder did before.
 */
import { lstatSync, opendirSync } from 'node:fs';
import path from 'node:path';
import { EVTX_READ_ITEM_BYTES } from './plan-reads';

export function workersForFolder(root: string, poolSize: number): number {
  try {
    const dir = opendirSync(root);
    let only: string | null = null;
    try {
      const first = dir.readSync();
      if (first === null) return 1; // nothing to read: one worker answers the walk
      if (dir.readSync() !== null || !first.isFile()) return poolSize;
      only = first.name;
    } finally {
      dir.closeSync();
    }
    const st = lstatSync(path.join(root, only));
    return st.isFile() && st.size <= EVTX_READ_ITEM_BYTES ? 1 : poolSize;
  } catch {
    return poolSize;
  }
}

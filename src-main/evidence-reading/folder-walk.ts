/**
 * Lists an evidence folder: every regular file below it, recursively, with size and time.
 * Reads no file content. Symlinks are followed only when they stay inside the folder (and
 * symlinked folders are never entered, so a link cycle cannot loop); anything else is listed
 * as skipped with the reason, so the analyst sees what was not read.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

interface WalkedFile { path: string; bytes: number; modified: string }
export interface WalkResult {
  files: WalkedFile[];
  skipped: { path: string; reason: string }[];
  totalBytes: number;
  fingerprint: string;
}

/** Upper bounds, so a hostile tree cannot exhaust memory. */
const WALK_LIMITS = { maxFiles: 200_000, maxDepth: 64 };

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(err);
}

/** `root` must be a real (symlink-free) absolute path. */
export async function walkEvidenceFolder(root: string): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const skipped: WalkResult['skipped'] = [];
  const stack: { abs: string; rel: string; depth: number }[] = [{ abs: root, rel: '', depth: 0 }];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = (await readdir(dir.abs)).sort();
    } catch (err) {
      skipped.push({ path: dir.rel || '.', reason: `folder cannot be read (${errText(err)})` });
      continue;
    }
    for (const name of names) {
      const abs = path.join(dir.abs, name);
      const rel = dir.rel ? `${dir.rel}/${name}` : name;
      try {
        const lst = await lstat(abs);
        if (lst.isDirectory()) {
          if (dir.depth + 1 > WALK_LIMITS.maxDepth) skipped.push({ path: rel, reason: `folder nested deeper than ${WALK_LIMITS.maxDepth}` });
          else stack.push({ abs, rel, depth: dir.depth + 1 });
          continue;
        }
        let st = lst;
        if (lst.isSymbolicLink()) {
          const target = await realpath(abs).catch(() => null);
          if (target === null) { skipped.push({ path: rel, reason: 'broken symbolic link' }); continue; }
          if (!inside(root, target)) { skipped.push({ path: rel, reason: 'symbolic link leads outside the evidence folder' }); continue; }
          st = await stat(target);
          if (st.isDirectory()) { skipped.push({ path: rel, reason: 'symbolic link to a folder (not followed)' }); continue; }
        }
        if (!st.isFile()) { skipped.push({ path: rel, reason: 'not a regular file' }); continue; }
        if (files.length >= WALK_LIMITS.maxFiles) { skipped.push({ path: rel, reason: `more than ${WALK_LIMITS.maxFiles} files` }); continue; }
        files.push({ path: rel, bytes: st.size, modified: st.mtime.toISOString() });
      } catch (err) {
        skipped.push({ path: rel, reason: `cannot be read (${errText(err)})` });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fp = createHash('sha256');
  for (const f of files) fp.update(`${f.path}\0${f.bytes}\0${f.modified}\n`);
  return { files, skipped, totalBytes: files.reduce((s, f) => s + f.bytes, 0), fingerprint: fp.digest('hex') };
}

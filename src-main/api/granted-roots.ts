/**
 * Which folders the API may read: only those the user picked in the dialog or passed on the
 * command line. Every path a handler receives is resolved against a granted root, with symlinks
 * followed, and refused when it ends up outside it.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../shared/errors';
import { isInside } from '../output/output-files';

async function realpathOrThrow(p: string, what: string): Promise<string> {
  try {
    return await realpath(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not_found', `${what} does not exist: ${p}`, { path: p });
    throw new ApiError('read_failed', `${what} cannot be resolved: ${p} (${code ?? String(err)})`, { path: p });
  }
}

export class GrantedRoots {
  /** Real (symlink-free) paths of the granted folders. */
  private readonly roots = new Set<string>();

  /** `what` names the folders in errors: the evidence folders, or (a second instance) the rules folders. */
  constructor(private readonly what = 'evidence folder') {}

  /** Grants read access to a folder; returns its real path. */
  async grant(folder: string): Promise<string> {
    const what = this.what;
    if (!path.isAbsolute(folder)) throw new ApiError('bad_argument', `${what} must be an absolute path: ${folder}`, { path: folder });
    const real = await realpathOrThrow(folder, what);
    const st = await stat(real);
    if (!st.isDirectory()) throw new ApiError('not_a_directory', `${what} is not a directory: ${folder}`, { path: folder });
    this.roots.add(real);
    return real;
  }

  /** The real path of a granted root, or an error when the folder was never granted. */
  async requireRoot(root: string): Promise<string> {
    if (!path.isAbsolute(root)) throw new ApiError('bad_argument', `root must be an absolute path: ${root}`, { path: root });
    const real = await realpathOrThrow(root, this.what);
    for (const granted of this.roots) {
      if (real === granted) return real;
    }
    throw new ApiError('not_allowed', `folder was not opened by the user: ${root}`, { path: root });
  }

  /** The real paths of every granted evidence folder (outputs are refused inside any of them). */
  list(): string[] {
    return [...this.roots];
  }

  /**
   * Resolves `relPath` (as listed: '/' separated, relative) inside a granted root to a real file path.
   * Refuses absolute paths, `..` escapes, symlinks leading out and directories.
   */
  async resolveFile(root: string, relPath: string): Promise<string> {
    const realRoot = await this.requireRoot(root);
    if (path.isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath)) {
      throw new ApiError('outside_root', `path must be relative to the evidence folder: ${relPath}`, { path: relPath });
    }
    const joined = path.resolve(realRoot, ...relPath.split('/'));
    if (!isInside(realRoot, joined)) {
      throw new ApiError('outside_root', `path leads outside the evidence folder: ${relPath}`, { path: relPath });
    }
    const real = await realpathOrThrow(joined, 'evidence file');
    if (!isInside(realRoot, real)) {
      throw new ApiError('outside_root', `path is a link leading outside the evidence folder: ${relPath}`, { path: relPath });
    }
    const st = await stat(real);
    if (st.isDirectory()) throw new ApiError('not_a_file', `path is a directory, not a file: ${relPath}`, { path: relPath });
    if (!st.isFile()) throw new ApiError('not_a_file', `path is not a regular file: ${relPath}`, { path: relPath });
    return real;
  }
}


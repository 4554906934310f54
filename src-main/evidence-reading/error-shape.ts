/** An error as it crosses from a worker to main: `{code, message, context}` with the file's path. */
import type { WorkerErrorShape } from './messages';

export function toErrorShape(err: unknown, relPath: string): WorkerErrorShape {
  const e = err as NodeJS.ErrnoException & { context?: Record<string, string | number> };
  const code = typeof e?.code === 'string' ? e.code : 'internal';
  const message = err instanceof Error ? err.message : String(err);
  return { code, message, context: { path: relPath, ...(e?.context ?? {}) } };
}

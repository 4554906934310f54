/**
 * The merged document written as it is serialised, one finding per line, so a 100,000-finding
 * case never becomes one giant string (the CSV likewise): through a temporary file beside the target and a rename
 * (the rule of output/output-files.ts: a reader sees the old file or the whole new one).
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MergedCase } from './merge-documents';

function* jsonChunks(merged: MergedCase): Generator<string> {
  const head = merged.doc;
  const keys = Object.keys(head) as (keyof typeof head)[];
  yield '{\n';
  for (const k of keys) yield `  ${JSON.stringify(k)}: ${JSON.stringify(head[k])},\n`;
  yield '  "findings": [';
  let first = true;
  for (const line of merged.lines()) {
    yield `${first ? '\n' : ',\n'}    ${line}`;
    first = false;
  }
  yield '\n  ]\n}\n';
}

export function writeMergedJson(target: string, merged: MergedCase): Promise<void> {
  return writeChunksAtomic(target, jsonChunks(merged));
}

/** Writes the chunks to a temporary file beside `target` and renames it into place. */
export async function writeChunksAtomic(target: string, chunks: Iterator<string>): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(tmp, { flags: 'wx', mode: 0o644 });
      out.on('error', reject);
      const it = chunks;
      const pump = (): void => {
        for (;;) {
          const n = it.next();
          if (n.done) { out.end(() => resolve()); return; }
          if (!out.write(n.value)) { out.once('drain', pump); return; }
        }
      };
      pump();
    });
    await rename(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) await unlink(tmp).catch(() => undefined);
  }
}

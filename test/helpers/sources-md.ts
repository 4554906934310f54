/** Reads the expected facts (sha256, event counts) of the shared evidence from its SOURCES.md. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_EVIDENCE } from './paths';

export interface SourceFacts { sha256: string; bytes: number; events: number | null }

export function readSourcesMd(file = path.join(SHARED_EVIDENCE, 'SOURCES.md')): Map<string, SourceFacts> {
  const facts = new Map<string, SourceFacts>();
  let current: string | null = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const head = /^### `evidence\/(.+)`\s*$/.exec(line);
    if (head) { current = head[1]!; continue; }
    if (current === null) continue;
    const size = /^- Size: ([\d,]+) B .*sha256 `([0-9a-f]{64})`/.exec(line);
    if (size) facts.set(current, { sha256: size[2]!, bytes: Number(size[1]!.replace(/,/g, '')), events: null });
    const events = /^- Events: (\d+)/.exec(line);
    if (events && facts.has(current)) facts.get(current)!.events = Number(events[1]);
  }
  return facts;
}

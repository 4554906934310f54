/**
 * No folder-level import cycle in src-main (issue #17), computed from the sources themselves, not
 * from the lint rule's layer table: every relative specifier of every file under src-main/ (type
 * imports, re-exports, import(), require() included) resolved to the folder it leads into.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

const SRC_MAIN = path.join(REPO_ROOT, 'src-main');
const SPECIFIER = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

/** The first folder under src-main/ that `file` is in, or null when it is outside src-main. */
function folderOf(file: string): string | null {
  const rel = path.relative(SRC_MAIN, file).split(path.sep);
  return rel[0] === '..' || rel.length < 2 ? null : rel[0]!;
}

/** Folder → the other src-main folders its files import. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC_MAIN)) {
    const from = folderOf(file)!;
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to !== null && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder (Tarjan), each sorted: the cycles. */
function folderCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('src-main folder graph', () => {
  it('finds cycles when there are some (the check can fail)', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(folderCycles(g({ api: ['report'], report: ['api'] }))).toEqual([['api', 'report']]);
    expect(folderCycles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(folderCycles(g({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('has no folder-level import cycle', () => {
    const graph = folderGraph();
    // The scan sees imports at all: edges the tree is known to have.
    expect(graph.get('case')).toContain('detect');
    expect(graph.get('api')).toContain('case');
    expect(graph.get('report')).toContain('shared');
    const edges = [...graph].flatMap(([from, to]) => [...to].map((t) => `${from} -> ${t}`));
    expect({ cycles: folderCycles(graph), edges: edges.length > 20 }).toEqual({ cycles: [], edges: true });
  });

  it('keeps src-main/shared/ free of imports from the rest of src-main', () => {
    expect([...(folderGraph().get('shared') ?? [])]).toEqual([]);
  });
});

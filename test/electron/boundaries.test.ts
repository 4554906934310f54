/** Project rules checked on the source tree: who may import electron, no markup from data, a strict CSP. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths';

function files(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(p);
  }
  return out;
}

describe('source boundaries', () => {
  it('imports electron only under src-main/electron/', () => {
    const offenders = [...files(path.join(REPO_ROOT, 'src-main'), ['.ts']), ...files(path.join(REPO_ROOT, 'src-renderer'), ['.ts', '.svelte'])]
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f))
      .filter((f) => !f.startsWith('src-main/electron/'));
    expect(offenders).toEqual([]);
  });

  it('the renderer takes only types, constants and pure functions from src-main/shared/, which import nothing else at run time', () => {
    const runtimeImports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)]
      .map((m) => m[1]!);
    const shared = new Set<string>();
    for (const f of files(path.join(REPO_ROOT, 'src-renderer'), ['.ts', '.svelte'])) {
      for (const spec of runtimeImports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(REPO_ROOT, path.resolve(path.dirname(f), spec));
        if (target.startsWith('src-main')) shared.add(target);
      }
    }
    expect([...shared].filter((t) => !t.startsWith('src-main/shared/'))).toEqual([]);
    expect(shared.has('src-main/shared/event-kinds')).toBe(true); // the scan sees value imports at all
    for (const t of shared) {
      const bad = runtimeImports(path.join(REPO_ROOT, `${t}.ts`))
        .filter((spec) => !spec.startsWith('./') || spec.includes('/', 2));
      expect({ module: t, imports: bad }).toEqual({ module: t, imports: [] });
    }
  });

  it('never turns data into markup in the renderer', () => {
    const offenders = files(path.join(REPO_ROOT, 'src-renderer'), ['.ts', '.svelte'])
      .filter((f) => /\{@html|innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('ships a strict Content-Security-Policy without remote origins or inline script', () => {
    const html = readFileSync(path.join(REPO_ROOT, 'src-renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

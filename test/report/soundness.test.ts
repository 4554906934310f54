/** The soundness statement says what was checked, from the case and the checks, never a fixed claim. */
import { describe, expect, it } from 'vitest';
import type { CaseScan } from '../../src-main/shared/contract';
import { NAMED_PATHS_MAX, soundness } from '../../src-main/report/soundness';
import { demoScan } from './demo-case';

function scanWith(over: (s: CaseScan) => void): CaseScan {
  const s = demoScan();
  over(s);
  return s;
}

describe('soundness', () => {
  it('with every file hashed and both checks passed, says so with the counts', () => {
    const scan = demoScan();
    const s = soundness(scan, { outputOutsideEvidence: true, unchanged: { checked: scan.evidence.length, changed: [], missing: [] } });
    const all = s.statements.join('\n');
    expect(all).toContain('read-only (O_RDONLY)');
    expect(all).toContain(`SHA-256 was computed over the whole content of all ${scan.evidence.length} evidence files`);
    expect(all).toContain('checked before writing: it is outside every evidence folder');
    expect(all).toContain(`modification time of ${scan.evidence.length} evidence files were compared`);
    expect(all).toContain('all unchanged');
    expect(s.headline).toContain('report saved outside the evidence folder (checked)');
    expect(all).not.toMatch(/issue \d/i);
  });

  it('names the files not hashed in full, and counts them', () => {
    const scan = scanWith((s) => {
      s.evidence[0]!.hashComplete = false;
      s.evidence[0]!.error = 'EACCES';
    });
    const s = soundness(scan, null);
    const all = s.statements.join('\n');
    expect(all).toContain(`SHA-256 was computed over the whole content of ${scan.evidence.length - 1} of ${scan.evidence.length} evidence files`);
    expect(all).toContain(scan.evidence[0]!.path);
    expect(all).toContain('1 file could not be read at all');
    expect(s.headline).toContain('(1 incomplete)');
  });

  it('says a check was not made when it was not made', () => {
    const s = soundness(demoScan(), null);
    const all = s.statements.join('\n');
    expect(all).toContain('was not checked by the tool');
    expect(all).toContain('were not compared again after reading');
    expect(all).not.toContain('all unchanged');
    expect(s.headline).toContain('report location not checked');
    expect(s.headline).toContain('modification times not re-checked');
  });

  it('warns about files changed or missing after reading and about a report inside the evidence', () => {
    const many = Array.from({ length: NAMED_PATHS_MAX + 3 }, (_, i) => `f${i}.evtx`);
    const s = soundness(demoScan(), { outputOutsideEvidence: false, unchanged: { checked: 20, changed: many, missing: ['gone.evtx'] } });
    const all = s.statements.join('\n');
    expect(all).toContain('WARNING: this report was saved inside an evidence folder');
    expect(all).toContain(`${many.length} files changed size or modification time`);
    expect(all).toContain('and 3 more');
    expect(all).not.toContain(`f${NAMED_PATHS_MAX}.evtx`);
    expect(all).toContain('1 file no longer present (gone.evtx)');
    expect(s.headline).toContain(`${many.length + 1} files changed or missing after reading`);
  });

  it('counts the records read and skipped from the case', () => {
    const scan = demoScan();
    const records = scan.evidence.reduce((n, e) => n + (e.records ?? 0), 0);
    const skipped = scan.evidence.reduce((n, e) => n + e.errors, 0);
    const all = soundness(scan, null).statements.join('\n');
    expect(all).toContain(`Records: ${records.toLocaleString('en-US')} read; ${skipped} records or parts could not be read`);
  });
});

describe('the read-only claim holds in the code that reads evidence', () => {
  it('every file the reader opens is opened with flag r, and nothing in it writes, renames, deletes or touches times', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { REPO_ROOT } = await import('../helpers/paths');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, d.name);
        if (d.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(REPO_ROOT, 'src-main/evidence-reading'));
    walk(path.join(REPO_ROOT, 'src-main/ingest'));
    expect(files.length).toBeGreaterThan(10);
    let opens = 0;
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?<![.\w])(?:open|openSync)\(([^)]*)\)(?!\s*(?::|\{))/g)) {
        opens++;
        expect(m[1], `${f}: ${m[0]}`).toMatch(/,\s*'r'\s*$/);
      }
      expect(src, f).not.toMatch(/\b(writeFile|appendFile|createWriteStream|rename|unlink|rmdir|utimes|lutimes|futimes|chmod|chown|truncate|ftruncate)(Sync)?\(/);
    }
    expect(opens).toBeGreaterThanOrEqual(4);
  });
});

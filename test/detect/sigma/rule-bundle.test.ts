/** The pre-parsed bundle (assets/sigma/rules.json) must say exactly what the YAML files say. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledSigmaAssetsDir, bundledSigmaDir } from '../../../src-main/detect/sigma/load-options';
import { buildRuleBundle, readRuleBundle } from '../../../src-main/detect/sigma/rule-bundle';

describe('assets/sigma/rules.json', () => {
  it('matches assets/sigma/rules/*.yml (regenerate: npx tsx test/tools/sigma/refresh-rules.ts --bundle-only)', () => {
    const shipped = readRuleBundle(path.join(bundledSigmaAssetsDir(), 'rules.json'));
    expect(shipped).not.toBeNull();
    const fresh = buildRuleBundle(bundledSigmaDir(), {});
    expect(shipped!.files.length).toBe(fresh.files.length);
    expect(shipped!.files.map((f) => f.path)).toEqual(fresh.files.map((f) => f.path));
    expect(JSON.parse(JSON.stringify(fresh.files))).toEqual(shipped!.files);
  }, 300_000);
});

/**
 * Writes the bundled set's load cache, `assets/sigma/precheck.json` (src-main/detect/sigma/precheck.ts),
 * from `assets/sigma/rules.json` and `placeholders.yml`:
 *   npx tsx test/tools/sigma/write-precheck.ts
 * Run after any change to the bundle, the placeholders, the logsource mapping, or the compiler's
 * check and gates (refresh-rules.ts runs it; test/detect/sigma/precheck.test.ts says when it is stale).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledSigmaAssetsDir } from '../../../src-main/detect/sigma/load-options';
import { buildBundledPrecheck } from '../../../src-main/detect/sigma/precheck-build';
import { precheckText } from '../../../src-main/detect/sigma/precheck';

const precheck = buildBundledPrecheck();
const out = path.join(bundledSigmaAssetsDir(), 'precheck.json');
writeFileSync(out, precheckText(precheck));
const rules = precheck.header.files.reduce((n, [, documents]) => n + documents.filter((d) => d.length > 2).length, 0);
console.log(`${rules} rule documents → ${out}`);

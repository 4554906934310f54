/**
 * An evidence folder with BinXML expansion bombs beside normal files, for measuring a whole
 * triage (time, peak RSS) with `/usr/bin/time -v npm run triage -- DIR …`:
 *
 *   npx tsx test/tools/bomb-folder/make-bomb-folder.ts OUT_DIR [--events N] [--bombs K] [--no-bomb]
 *
 * OUT_DIR gets `normal-1.evtx` and `normal-2.evtx` (N varied events each, default 20,000) and,
 * unless `--no-bomb` (the control folder), `bomb.evtx`: K bomb records (default 300) between
 * normal events, a mix of nested bombs (`nestedBomb(8, 9)`: 8^9 = 134 million leaves from one
 * ~600-byte record; `nestedBomb(64, 20)`: 64^20) and one-definition bombs (a 1,000-character
 * string substituted 2,000 times). Each bomb record is a record error (evtx.record.expansion);
 * every normal event around it is read. Results: notes/trust-measurements.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EvtxWriter } from '../evtx-writer/index';
import { nestedBomb, repeatedStringBomb, type HostileInstance } from '../evtx-writer/hostile';
import { sampleEvents } from '../evtx-writer/sample-events';

const WRITTEN = 0x01d4f0e38a2b3c4dn;

function opt(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

function bombs(): HostileInstance[] {
  return [nestedBomb(8, 9), nestedBomb(64, 20), repeatedStringBomb(2000, 'A'.repeat(1000))];
}

const out = process.argv[2];
if (!out || out.startsWith('--')) {
  console.error('usage: make-bomb-folder.ts OUT_DIR [--events N] [--bombs K] [--no-bomb]');
  process.exit(2);
}
const events = opt('events', 20_000);
const bombCount = opt('bombs', 300);
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'normal-1.evtx'), new EvtxWriter().addAll(sampleEvents(1, events)).toBytes());
writeFileSync(path.join(out, 'normal-2.evtx'), new EvtxWriter().addAll(sampleEvents(2, events)).toBytes());
if (!process.argv.includes('--no-bomb')) {
  const w = new EvtxWriter();
  const around = sampleEvents(3, bombCount + 1);
  const kinds = bombs();
  for (let i = 0; i < bombCount; i++) {
    w.add(around[i]!);
    const b = kinds[i % kinds.length]!;
    w.addInstance(b.template, b.values, WRITTEN);
  }
  w.add(around[bombCount]!);
  const bytes = w.toBytes();
  writeFileSync(path.join(out, 'bomb.evtx'), bytes);
  console.log(`${path.join(out, 'bomb.evtx')}: ${bombCount} bomb records between ${bombCount + 1} events, ${bytes.length} bytes`);
}
console.log(`${out}: 2 × ${events} normal events`);

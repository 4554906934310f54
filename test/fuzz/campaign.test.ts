/**
 * The campaign's watchdog (campaign.ts), driven with a small child written here that speaks the
 * child protocol (campaign-child.ts) and misbehaves on purpose in the second round of cases:
 * one target's child exits without a report (a crash of the case it was running), one loops
 * forever (a hang past the time limit), one allocates past the memory limit (an `rss` kill);
 * another child dies at start-up before any report (a crash of the case it was started at).
 * Each time, a new child resumes at the next case: every case runs exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCampaign } from './campaign';

const CHILD = `
const [targets, from, to] = [process.argv[3].split(','), Number(process.argv[4]), Number(process.argv[5])];
const send = (m) => new Promise((r) => process.send(m, r));
(async () => {
  if (targets.includes('startup-death') && from === 1) process.exit(9);
  for (let i = from; i < to; i++) {
    await send({ t: 'start', i, seed: 'seed-' + i, mutation: 'flip', bytes: 10 });
    const name = targets[i % targets.length];
    if (i >= 3 && i < 6) {
      if (name === 'die') process.exit(7);
      if (name === 'hang') for (;;) {}
      if (name === 'oom') { const hold = []; for (;;) hold.push(Buffer.alloc(4 << 20, 1)); }
    }
    await send({ t: 'done', i, ms: i + 1, events: 2, lost: 1, violations: name === 'die' && i === 0 ? ['invariant: example'] : [], rss: process.memoryUsage().rss, maxRss: 0 });
  }
  process.exit(0);
})();
`;

const dir = mkdtempSync(join(tmpdir(), 'fuzz-campaign-'));
const script = join(dir, 'child.cjs');
writeFileSync(script, CHILD);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz campaign watchdog', () => {
  it('charges a death, a hang and a memory blow-up to their cases and moves on', async () => {
    const r = await runCampaign({ script, execArgv: [], targets: ['die', 'hang', 'oom'], start: 0, cases: 9, timeoutMs: 3000, maxRssMb: 96 });
    expect(r.failures.map((f) => `${f.kind} ${f.target}:${f.i}`).sort()).toEqual(['crash die:3', 'hang hang:4', 'invariant die:0', 'rss oom:5']);
    expect(r.failures.find((f) => f.kind === 'crash')!.detail).toContain('code 7');
    // hangs and crashes name the seed and mutation of their case, for the replay
    expect(r.failures.find((f) => f.kind === 'hang')!.detail).toContain('[seed seed-4; flip; 10 bytes]');
    for (const t of ['die', 'hang', 'oom']) expect(r.perTarget[t]!.cases).toBe(3);
    expect(r.perTarget['die']!.events).toBe(4); // cases 0 and 6 reported; case 3 died
    // the slowest reported case per target (case i takes i + 1 ms), named for the replay
    expect(Object.fromEntries(Object.entries(r.perTarget).map(([t, s]) => [t, [s.slowestCase, s.maxMs]]))).toEqual({ die: [6, 7], hang: [7, 8], oom: [8, 9] });
    expect(r.children).toBe(4);
  });

  it('a child that dies before its first report costs one case, not the campaign', async () => {
    const r = await runCampaign({ script, execArgv: [], targets: ['startup-death', 'ok'], start: 1, cases: 3, timeoutMs: 1500, maxRssMb: 160 });
    expect(r.failures.map((f) => `${f.kind} ${f.target}:${f.i}`)).toEqual(['crash ok:1']);
    expect(r.perTarget['ok']!.cases + r.perTarget['startup-death']!.cases).toBe(3);
    expect(r.children).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { HostTally, MAX_CHANNELS_PER_HOST, MAX_HOSTS, NO_HOST } from '../../src-main/case/host-summary';
import type { NormalisedEvent } from '../../src-main/model/event';
import { EventTally, MAX_TALLY_ROWS } from '../../src-main/evidence-reading/event-tally';

function ev(dest: string | null, channel: string | null, time: string | null): NormalisedEvent {
  return {
    evidence: 'a.evtx', record_id: 1, dest, event_id: 1, channel, time, time_ms: time ? Date.parse(time) : null, time_source: 'TimeCreated',
    time_created: time, utc_time: null, data: {},
    system: { provider_name: null, provider_guid: null, qualifiers: null, version: null, level: null, task: null, opcode: null, keywords: null, user_sid: null, execution_process_id: null, execution_thread_id: null, activity_id: null, related_activity_id: null },
    view: null,
  } as NormalisedEvent;
}

describe('HostTally', () => {
  it('counts every host with its span and channels, busiest channel first', () => {
    const t = new HostTally();
    t.add([ev('B', 'Security', '2026-11-17T09:00:00Z'), ev('A', 'System', '2026-11-17T10:00:00Z'), ev('A', 'Security', '2026-11-17T08:00:00Z')]);
    t.add([ev('A', 'Security', '2026-11-17T09:30:00Z'), ev(null, null, null)]);
    const r = t.result();
    expect(r.hosts.map((h) => h.host)).toEqual([NO_HOST, 'A', 'B']);
    const a = r.hosts[1]!;
    expect(a).toMatchObject({ events: 3, first: '2026-11-17T08:00:00.000Z', last: '2026-11-17T10:00:00.000Z', otherChannelEvents: 0 });
    expect(a.channels).toEqual([{ channel: 'Security', events: 2 }, { channel: 'System', events: 1 }]);
    expect(r.hosts[0]).toMatchObject({ events: 1, first: null, last: null, channels: [{ channel: '(no channel)', events: 1 }] });
    expect(r.otherHostEvents).toBe(0);
  });

  it('stays bounded on hostile evidence: too many hosts or channels are counted, not named', () => {
    const t = new HostTally();
    const batch: NormalisedEvent[] = [];
    for (let i = 0; i < MAX_HOSTS + 10; i++) batch.push(ev(`H${i}`, 'C', '2026-01-01T00:00:00Z'));
    for (let i = 0; i < MAX_CHANNELS_PER_HOST + 5; i++) batch.push(ev('H0', `ch${i}`, '2026-01-01T00:00:00Z'));
    batch.push(ev('x'.repeat(10_000), 'C', null));
    t.add(batch);
    const r = t.result();
    expect(r.hosts).toHaveLength(MAX_HOSTS);
    expect(r.otherHostEvents).toBe(11);
    const h0 = r.hosts.find((h) => h.host === 'H0')!;
    expect(h0.channels).toHaveLength(MAX_CHANNELS_PER_HOST);
    expect(h0.otherChannelEvents).toBe(6);
  });

  it('past the bounds, names the hosts and channels that sort first, whatever order the events came in', () => {
    const events: NormalisedEvent[] = [];
    for (let i = 0; i < MAX_HOSTS + 700; i++) events.push(ev(`H${String(i).padStart(5, '0')}`, 'C', '2026-01-01T00:00:00Z'));
    for (let i = 0; i < MAX_CHANNELS_PER_HOST + 90; i++) events.push(ev('H00000', `ch${String(i).padStart(4, '0')}`, '2026-01-01T00:00:00Z'), ev('H00000', `ch${String(i).padStart(4, '0')}`, null));
    const summary = (evs: NormalisedEvent[]) => { const t = new HostTally(); for (let i = 0; i < evs.length; i += 97) t.add(evs.slice(i, i + 97)); return t.result(); };
    const ref = summary(events);
    expect(ref.hosts.at(-1)!.host).toBe(`H${String(MAX_HOSTS - 1).padStart(5, '0')}`);
    expect(ref.otherHostEvents).toBe(700);
    const h0 = ref.hosts[0]!;
    expect(h0.channels.map((c) => c.channel).sort().at(-1)).toBe(`ch${String(MAX_CHANNELS_PER_HOST - 2).padStart(4, '0')}`); // 'C' and the first 127
    expect(h0.otherChannelEvents).toBe(2 * 91);
    expect(summary([...events].reverse())).toEqual(ref);
    let seed = 11;
    const shuffled = [...events];
    for (let i = shuffled.length - 1; i > 0; i--) { seed = (seed * 1103515245 + 12345) % 2 ** 31; const j = seed % (i + 1); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
    expect(summary(shuffled)).toEqual(ref);
  });

  it('counts a worker\'s tally as it counts the events tallied, past the bounds too, whatever the tallies\' sizes', () => {
    const events: NormalisedEvent[] = [];
    for (let i = 0; i < MAX_HOSTS + 300; i++) events.push(ev(`H${String(i % (MAX_HOSTS + 150)).padStart(5, '0')}`, i % 3 === 0 ? null : 'C', i % 5 === 0 ? null : `2026-01-0${1 + (i % 9)}T00:00:00Z`));
    for (let i = 0; i < MAX_CHANNELS_PER_HOST + 40; i++) events.push(ev('H00001', `ch${String(i % (MAX_CHANNELS_PER_HOST + 20)).padStart(4, '0')}`, '2026-02-01T00:00:00Z'));
    events.push(ev(null, 'C', '2025-12-31T23:59:59.999Z'), ev('', null, null), ev('x'.repeat(600), 'y'.repeat(600), '2026-03-01T00:00:00Z'));
    const e = ev('H00002', 'C', null);
    e.time_ms = 9e18; // a time a Date cannot hold
    events.push(e);
    const ref = new HostTally();
    ref.add(events);
    for (const per of [1, 97, MAX_TALLY_ROWS * 4]) {
      const t = new HostTally();
      for (let i = 0; i < events.length; i += per) {
        const tally = new EventTally();
        for (const x of events.slice(i, i + per)) tally.add(x.dest, x.channel, x.time_ms);
        t.addTally(tally.take()!);
      }
      expect(t.result()).toEqual(ref.result());
    }
    expect(ref.result().otherHostEvents).toBeGreaterThan(0);
  });

  it('ignores times a Date cannot hold instead of failing', () => {
    const t = new HostTally();
    const e = ev('A', 'C', null);
    e.time_ms = 9e18;
    t.add([e]);
    expect(t.result().hosts[0]).toMatchObject({ events: 1, first: null, last: null });
  });
});

/**
 * DetailEvents: an identity's distinct events, bounded, and the one a pivot names (EventID, time).
 */
import { describe, expect, it } from 'vitest';
import { DetailEvents, detailEventOf } from '../../src-main/case/detail-events';
import type { NormalisedEvent } from '../../src-main/model/event';

const ev = (event_id: number, time: string, channel = 'Security') => ({ event_id, time, channel, evidence: 'x.json', record_id: 5 }) as unknown as NormalisedEvent;

describe('DetailEvents', () => {
  it('keeps each distinct event of an identity once, the first as the map entry', () => {
    const d = new DetailEvents();
    const a = ev(4688, 't1');
    expect(d.addEvent('i', a)).toBe(true);
    expect(d.addEvent('i', ev(4688, 't1'))).toBe(false);
    expect(d.addEvent('i', ev(1, 't2', 'Sysmon'))).toBe(true);
    expect(d.addEvent('i', ev(1, 't2', 'Sysmon'))).toBe(false);
    expect(d.size).toBe(1);
    expect(d.get('i')).toBe(a);
    expect(d.eventsOf('i').map((e) => e.event_id)).toEqual([4688, 1]);
    expect(d.eventsOf('none')).toEqual([]);
  });

  it('finds by EventID and time, then EventID, then time, then the first', () => {
    const d = new DetailEvents();
    for (const e of [ev(7036, 't1', 'System'), ev(1, 't2', 'Sysmon'), ev(1, 't3', 'Sysmon'), ev(13, 't4', 'Sysmon')]) d.addEvent('i', e);
    expect(d.find('i', 1, 't3')?.time).toBe('t3');
    expect(d.find('i', 1, 't9')?.time).toBe('t2');
    expect(d.find('i', 99, 't4')?.event_id).toBe(13);
    expect(d.find('i', 99, 't9')?.event_id).toBe(7036);
    expect(d.find('i', null, null)?.event_id).toBe(7036);
    expect(d.find('other', 1, 't2')).toBeUndefined();
  });

  it('holds at most 16 events of one identity (a hostile file repeating one record id)', () => {
    const d = new DetailEvents();
    let added = 0;
    for (let i = 0; i < 1000; i++) if (d.addEvent('i', ev(i, `t${i}`))) added++;
    expect(added).toBe(16);
    expect(d.eventsOf('i')).toHaveLength(16);
    d.clear();
    expect(d.eventsOf('i')).toEqual([]);
  });

  it('detailEventOf reads a plain map by identity alone', () => {
    const m = new Map([['i', ev(1, 't')]]);
    expect(detailEventOf(m, 'i', 99, 'x')?.event_id).toBe(1);
  });
});

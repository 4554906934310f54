/**
 * The JSON reader never stops on problems: good events after any number of bad lines are read,
 * only the stored samples are capped, and every problem is counted with its line.
 */
import { describe, expect, it } from 'vitest';
import { JsonEventReader, readJsonEvents } from '../../../src-main/ingest/json/index';

function event(n: number): string {
  return JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'h', RecordNumber: n, EventTime: '2024-01-01T00:00:00Z' });
}

/** `good` events, `bad` lines that are not events (alternating kinds), then `after` good events. */
function mixed(good: number, bad: number, after: number): string {
  const lines: string[] = [];
  for (let i = 0; i < good; i++) lines.push(event(i + 1));
  for (let i = 0; i < bad; i++) lines.push(i % 3 === 0 ? `garbage line ${i}` : i % 3 === 1 ? '{"no": "event"}' : '{broken');
  for (let i = 0; i < after; i++) lines.push(event(good + i + 1));
  return lines.join('\n') + '\n';
}

describe('JSON reader: problems never stop the reading', () => {
  it('reads every good event around 150 bad lines (10 + 1,000), with 100 samples and the rest counted', () => {
    const r = readJsonEvents(mixed(10, 150, 1000), { mode: 'jsonl' });
    expect(r.events).toHaveLength(1010);
    expect(r.events.at(-1)!.event.EventRecordID).toBe(1010);
    expect(r.issues).toHaveLength(100);
    expect(r.issues.length + r.unstoredIssues.errors).toBe(150);
    expect(r.issues[0]!.context.line).toBe(11);
    expect(r.issues[99]!.context.line).toBe(110);
  });

  it('gives the same counts when the text arrives in small pieces (auto mode)', () => {
    const text = mixed(3, 400, 200);
    const reader = new JsonEventReader();
    let n = 0;
    for (let i = 0; i < text.length; i += 97) n += reader.push(text.slice(i, i + 97)).length;
    n += reader.end().length;
    expect(n).toBe(203);
    expect(reader.stopped).toBe(false);
    expect(reader.issues.length + reader.unstoredIssues.errors).toBe(400);
  });
});

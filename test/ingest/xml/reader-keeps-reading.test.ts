/**
 * The Event XML reader never stops on problems (only a refused DTD stops it): good events after
 * any number of broken ones are read, only the stored samples are capped, the rest counted.
 */
import { describe, expect, it } from 'vitest';
import { EventXmlReader, readEventXml } from '../../../src-main/ingest/xml/index';

function event(n: number): string {
  return `<Event><System><EventID>1</EventID><EventRecordID>${n}</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel>` +
    `<Computer>h</Computer></System><EventData><Data Name="Image">C:\\x${n}.exe</Data></EventData></Event>`;
}

/** `good` events, `bad` broken events (mismatched tags, alternating kinds), `after` good events, in an `<Events>` root. */
function mixed(good: number, bad: number, after: number): string {
  const lines = ['<Events>'];
  for (let i = 0; i < good; i++) lines.push(event(i + 1));
  for (let i = 0; i < bad; i++) lines.push(i % 2 ? '<Event><System></Oops></Event>' : '<Event><System><EventID>1</EventID></Event>');
  for (let i = 0; i < after; i++) lines.push(event(good + i + 1));
  lines.push('</Events>');
  return lines.join('\n');
}

describe('Event XML reader: problems never stop the reading', () => {
  it('reads every good event around 150 broken ones (10 + 1,000), with 100 samples and the rest counted', () => {
    const r = readEventXml(mixed(10, 150, 1000));
    expect(r.events).toHaveLength(1010);
    expect(r.events.at(-1)!.event.EventRecordID).toBe(1010);
    expect(r.issues).toHaveLength(100);
    expect(r.issues.length + r.unstoredIssues.errors).toBe(150);
    expect(r.issues[0]!.context.line).toBe(12);
  });

  it('still stops for good at a DTD', () => {
    const reader = new EventXmlReader();
    const events = reader.push('<!DOCTYPE x [<!ENTITY a "b">]>\n<Events>' + event(1) + '</Events>');
    events.push(...reader.end());
    expect(reader.stopped).toBe(true);
    expect(events).toHaveLength(0);
  });
});

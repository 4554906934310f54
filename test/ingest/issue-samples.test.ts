import { describe, expect, it } from 'vitest';
import { IssueSamples } from '../../src-main/ingest/issue-samples';

describe('IssueSamples', () => {
  it('keeps the first issues and counts every later one by severity', () => {
    const log = new IssueSamples(3);
    for (let i = 0; i < 10; i++) log.add({ code: 'json.bad_line', message: `e${i}`, context: { line: i + 1 } });
    for (let i = 0; i < 4; i++) log.add({ code: 'json.event_field', message: `w${i}`, context: {}, severity: 'warning' });
    log.add({ code: 'xml.text_outside_event', message: 'notice', context: {} }); // a notice code counts as a warning
    expect(log.samples.map((s) => s.message)).toEqual(['e0', 'e1', 'e2']);
    expect(log.unstored).toEqual({ errors: 7, warnings: 5 });
    expect(log.total).toBe(15);
  });
});

/** The headless triage's arguments: `--analyst NAME` and what the report names without it; what of each event a triage reads. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ANALYST_NOT_GIVEN, analystOf, parseTriageArgs, triageEventContent } from '../../src-main/cli/args';

describe('--analyst', () => {
  it('takes the name given, trimmed', () => {
    expect(parseTriageArgs(['ev', '--analyst', '  R. Responder ']).analyst).toBe('R. Responder');
    expect(analystOf(parseTriageArgs(['--analyst', 'Kim Ji-woo (기본값)']).analyst)).toBe('Kim Ji-woo (기본값)');
  });

  it('without it names no one: an explicit "not given", never the OS account', () => {
    const args = parseTriageArgs(['ev']);
    expect(args.analyst).toBeNull();
    expect(analystOf(args.analyst)).toBe(ANALYST_NOT_GIVEN);
    expect(ANALYST_NOT_GIVEN).toMatch(/^not given/);
    expect(ANALYST_NOT_GIVEN).not.toContain(os.userInfo().username);
  });

  it('refuses an empty name, a missing value, control characters and an over-long name as usage errors', () => {
    expect(() => parseTriageArgs(['--analyst', '   '])).toThrow(/--analyst needs a name/);
    expect(() => parseTriageArgs(['--analyst'])).toThrow(/--analyst needs a value/);
    expect(() => parseTriageArgs(['--analyst', '--quiet'])).toThrow(/needs a value/);
    expect(() => parseTriageArgs(['--analyst', 'a\u001b[31mred'])).toThrow(/control characters/);
    expect(() => parseTriageArgs(['--analyst', 'x'.repeat(301)])).toThrow(/at most 300/);
    expect(parseTriageArgs(['--analyst', 'x'.repeat(300)]).analyst).toHaveLength(300);
  });
});

describe('triageEventContent', () => {
  const content = (argv: string[]) => triageEventContent(parseTriageArgs(argv));

  it('counts events without a view instead of sending them (but for what the Sigma rules may read) unless events are exported or a PDF written', () => {
    expect(content(['ev', '--no-sigma'])).toBe('counted');
    expect(content(['ev', '--no-sigma', '--no-builtin', '--json', 'o.json', '--csv', 'o.csv', '--findings', 'f.ndjson'])).toBe('counted');
    expect(content(['ev'])).toBe('counted');
    expect(content(['ev', '--no-builtin'])).toBe('counted');
    expect(content(['ev', '--no-sigma', '--rules', 'mine.yml'])).toBe('counted');
    expect(content(['ev', '--rules', 'mine.json'])).toBe('counted');
  });

  it('reads every event whole with --events or --pdf', () => {
    expect(content(['ev', '--no-sigma', '--events', 'e.ndjson'])).toBe('all');
    expect(content(['ev', '--events', 'e.ndjson', '--rules', 'r'])).toBe('all');
    expect(content(['ev', '--no-sigma', '--pdf', 'r.pdf'])).toBe('all');
    expect(content(['ev', '--pdf', 'r.pdf'])).toBe('all');
  });
});

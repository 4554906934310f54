// Pins the committed text samples of the warm-up (assets/warm-up/*.jsonl, generate-text.ts): regenerating
// gives the same bytes, and our JSON reader reads each without a problem, in the shape it is named after,
// with every kind of event the generator picked (Sysmon, Security and System, several event ids each).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonEventReader } from '../../../src-main/ingest/json/index';
import { sniffFormat } from '../../../src-main/ingest/sniff';
import { buildTextSamples, DEFAULT_TEXT_DIR, TEXT_SAMPLES } from './generate-text';

describe('warm-up text samples', () => {
  const built = buildTextSamples();

  it('are what the generator writes, byte for byte', () => {
    expect([...built.keys()].sort()).toEqual(Object.keys(TEXT_SAMPLES).sort());
    for (const [name, text] of built) expect(readFileSync(path.join(DEFAULT_TEXT_DIR, name), 'utf8'), name).toBe(text);
  });

  it("are JSON lines our reader reads cleanly (but for NXLog's zoneless time, as real ones), with the kinds of events of Sysmon, Security and System logs", () => {
    for (const name of built.keys()) {
      const bytes = new Uint8Array(readFileSync(path.join(DEFAULT_TEXT_DIR, name)));
      expect(sniffFormat(bytes), name).toBe('jsonl');
      const reader = new JsonEventReader({ path: name, mode: 'jsonl' });
      const read = [...reader.pushBytes(bytes), ...reader.end()];
      // NXLog's EventTime is local time without a zone: the reader says so once, as for the OTRF datasets
      expect(reader.issues.map((i) => i.code), name).toEqual(name === 'nxlog.jsonl' ? ['json.time_from_receipt'] : []);
      expect(read.length, name).toBe(160);
      expect(read.every((e) => e.issues.length === 0), name).toBe(true);
      const providers = new Set(read.map((e) => e.event.Provider.Name));
      expect(providers, name).toContain('Microsoft-Windows-Sysmon');
      expect(providers, name).toContain('Microsoft-Windows-Security-Auditing');
      expect(providers, name).toContain('Service Control Manager');
      expect(new Set(read.map((e) => e.event.EventID)).size, name).toBeGreaterThanOrEqual(15);
    }
  });
});

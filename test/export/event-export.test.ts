import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventExport, eventLines } from '../../src-main/export/event-export';
import { EVENT_FORMATS } from '../../src-main/export/formats';
import { sampleEvents } from './sample-events';

describe('EventExport', () => {
  it('writes each event as newline-terminated lines in every format, with the bulk action only for ECS', () => {
    const ev = sampleEvents()[0]!;
    for (const f of EVENT_FORMATS) {
      const text = eventLines(ev, f, 'create');
      expect(text.endsWith(f === 'csv' ? '\r\n' : '\n')).toBe(true);
      if (f === 'ecs') expect(text.split('\n').slice(0, 2).map((l) => JSON.parse(l))[0]).toEqual({ create: {} });
      else expect(text).not.toContain('{"create":{}}');
    }
  });

  it('counts the events of every batch and writes them through to the target', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'event-export-'));
    const target = path.join(dir, 'e.ndjson');
    const x = await EventExport.open(target, { format: 'ecs', bulkAction: 'index' });
    const evs = sampleEvents();
    await Promise.all([x.add(evs), x.add(evs.slice(0, 2))]);
    await x.commit();
    expect(x.count).toBe(evs.length + 2);
    expect(readFileSync(target, 'utf8').split('\n')).toHaveLength(2 * (evs.length + 2) + 1);
  });

  it('keeps a write failure instead of failing the evidence, then refuses to commit and leaves no file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'event-export-'));
    const target = path.join(dir, 'e.csv');
    const x = await EventExport.open(target, { format: 'csv' });
    // the disk "fails": the temporary file's handle is closed under the export
    await (x as unknown as { file: { fh: { close(): Promise<void> } } }).file.fh.close();
    const evs = sampleEvents();
    for (let i = 0; i < 2000; i++) await x.add(evs); // more than one buffer: a write is attempted
    expect(x.error).not.toBeNull();
    await expect(x.commit()).rejects.toThrow();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

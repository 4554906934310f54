/** The preload: exposes only the bridge, and forwards a dropped folder only from a trusted drop. */
import { describe, expect, it, vi } from 'vitest';

const seen = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), sent: [] as unknown[][] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (k: string, v: unknown) => seen.exposed.set(k, v) },
  ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => {}, removeListener: () => {}, send: (...a: unknown[]) => seen.sent.push(a) },
  webUtils: { getPathForFile: (f: { path?: string }) => f.path ?? '' },
}));

const { droppedPath } = await import('../../src-main/electron/preload');

describe('preload', () => {
  it('exposes only window.triage with call and onEvent', () => {
    expect([...seen.exposed.keys()]).toEqual(['triage']);
    expect(Object.keys(seen.exposed.get('triage') as object).sort()).toEqual(['call', 'onEvent']);
  });

  it('takes the path of a trusted drop only', () => {
    const file = { path: '/cases/acme' };
    expect(droppedPath({ isTrusted: true, dataTransfer: { files: [file] } } as unknown as DragEvent)).toBe('/cases/acme');
    expect(droppedPath({ isTrusted: false, dataTransfer: { files: [file] } } as unknown as DragEvent)).toBeNull();
    expect(droppedPath({ isTrusted: true, dataTransfer: { files: [{}] } } as unknown as DragEvent)).toBeNull();
    expect(droppedPath({ isTrusted: true, dataTransfer: null } as unknown as DragEvent)).toBeNull();
  });

  it('ignores a drop event made by page script', () => {
    const ev = new Event('drop', { cancelable: true });
    window.dispatchEvent(ev);
    expect(seen.sent).toEqual([]);
  });
});

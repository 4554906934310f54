import { describe, expect, it } from 'vitest';
import { yieldToPage } from '../../../src-renderer/lib/yield-to-page';

describe('yieldToPage', () => {
  it('resolves after the tasks already queued, not within the current one', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('queued task'), 0);
    const y = yieldToPage().then(() => order.push('after the yield'));
    await Promise.resolve();
    order.push('same task');
    await y;
    expect(order[0]).toBe('same task');
    expect(order).toContain('after the yield');
  });
});

describe('yieldToPage with the Prioritized Task Scheduling API', () => {
  it('posts the rest of the work as a task of the priority asked for', async () => {
    const asked: (string | undefined)[] = [];
    const g = globalThis as { scheduler?: unknown };
    const had = g.scheduler;
    g.scheduler = { postTask: (cb: () => void, o?: { priority?: string }) => { asked.push(o?.priority); return new Promise<void>((r) => setTimeout(() => { cb(); r(); }, 0)); } };
    try {
      await yieldToPage('background');
      await yieldToPage();
      expect(asked).toEqual(['background', 'user-visible']);
    } finally {
      g.scheduler = had;
    }
  });
});

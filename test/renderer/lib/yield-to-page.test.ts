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

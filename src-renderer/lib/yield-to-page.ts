/** Gives the page a turn (a macrotask without setTimeout's 4 ms clamp where MessageChannel exists): long work in the renderer runs in slices between them. */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(null); });
}

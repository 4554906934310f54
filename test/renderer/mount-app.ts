/** Mounts the whole app on a fake client and a fresh (or given) Dexie db, for component tests. */
import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import App from '../../src-renderer/components/App.svelte';
import { CaseDb } from '../../src-renderer/lib/case-db';
import { CaseSession } from '../../src-renderer/state/case-session.svelte';
import type { FakeClient } from './fake-client';

let dbCounter = 0;
const mounted: ReturnType<typeof mount>[] = [];

export function freshDb(): CaseDb {
  return new CaseDb(`desk-test-${Date.now()}-${++dbCounter}`);
}

export function startApp(client: FakeClient, db = freshDb()) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const session = new CaseSession(client, db);
  const app = mount(App, { target, props: { session } });
  mounted.push(app);
  flushSync();
  return { target, session, db, unmount: () => { unmount(app); target.remove(); mounted.splice(mounted.indexOf(app), 1); } };
}

export function unmountAll(): void {
  for (const m of mounted.splice(0)) unmount(m);
  document.body.innerHTML = '';
}

export function button(root: ParentNode, text: RegExp): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((x) => text.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${text}`);
  return b;
}

export function key(k: string, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  flushSync();
}

export function rows(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[data-testid="findings-list"] [data-finding-id]')];
}

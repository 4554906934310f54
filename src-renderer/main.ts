import { mount } from 'svelte';
import App from './components/App.svelte';
import { bridgeApi } from './lib/bridge';
import { CaseDb } from './lib/case-db';
import { CaseSession } from './state/case-session.svelte';

const session = new CaseSession(bridgeApi(), new CaseDb());
mount(App, { target: document.getElementById('app')!, props: { session } });

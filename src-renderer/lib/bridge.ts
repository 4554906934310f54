/**
 * The one module that touches `window`: the typed client over the preload bridge
 * (`window.triage`, or the test's binding in its place). Errors come back rebuilt as ApiError.
 */
import type { ApiArg, ApiCallName, ApiEventName, ApiEvents, ApiResult, ApiValue, TriageBridge } from '../../src-main/shared/contract';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly code: string, message: string, readonly context: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface TriageClient {
  call<K extends ApiCallName>(name: K, arg: ApiArg<K>): Promise<ApiValue<K>>;
  on<E extends ApiEventName>(name: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

function clientOver(bridge: TriageBridge): TriageClient {
  return {
    async call(name, arg) {
      const res = (await bridge.call(name, arg)) as ApiResult<never>;
      if (res.ok) return res.value;
      throw new ApiError(res.error.code, res.error.message, res.error.context);
    },
    on(name, listener) {
      return bridge.onEvent((n, payload) => { if (n === name) listener(payload as never); });
    },
  };
}

export function bridgeApi(): TriageClient {
  const bridge = (window as unknown as { triage?: TriageBridge }).triage;
  if (!bridge) throw new Error('the app bridge is missing (window.triage): the page must run inside EVTX Triage');
  return clientOver(bridge);
}

/** Copies text to the clipboard (evidence values are copied as plain text, never as markup). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

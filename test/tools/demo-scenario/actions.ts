// Process start/exit recorded in both channels (Sysmon 1/5 and Security 4688/4689).

import type { HostSim, Proc } from './host-sim';
import { processCreate, processTerminate } from './sysmon-events';
import { processCreated, processExited } from './security-events';

export function launch(h: HostSim, at: number, parent: Proc, image: string, cmd: string, opts: Parameters<HostSim['newProc']>[4] = {}): Proc {
  const p = h.newProc(at, parent, image, cmd, opts);
  processCreate(h, p);
  processCreated(h, p);
  return p;
}

export function exit(h: HostSim, p: Proc, at: number): void {
  processTerminate(h, p, at);
  processExited(h, p, at + h.rng.int(0, 3));
  h.release(p);
}

/** Launch, and exit after `duration` ms. */
export function runFor(h: HostSim, at: number, parent: Proc, image: string, cmd: string, duration: number, opts: Parameters<HostSim['newProc']>[4] = {}): Proc {
  const p = launch(h, at, parent, image, cmd, opts);
  exit(h, p, at + duration);
  return p;
}

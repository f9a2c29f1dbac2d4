// The contract of a server feature module (Grafana's features/<name>/, Uptime Kuma's dialects — never its god
// model). A feature mounts itself: its HTTP routes on `app`, its live events through the hub or `io`, its jobs on
// the leader; it receives only the dependencies it names in its own `Deps` type (never the whole centre) and gives
// back the functions other modules may call (`api`) and how to stop what it started. `server/centre.ts` only
// wires modules in order and stops them in reverse.
import type { Router } from 'express';
import type { Server as IOServer } from 'socket.io';

export interface Mounted<Api = Record<string, never>> {
  /** what other modules may call: functions and services, never tables */
  api: Api;
  /** stops the module's jobs, timers and connections; called in reverse mount order */
  stop(): Promise<void>;
}

export type Mount<Deps, Api = Record<string, never>> = (app: Router, io: IOServer, deps: Deps) => Promise<Mounted<Api>>;

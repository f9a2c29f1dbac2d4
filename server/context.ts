// What a running centre shows to its starter (server/main.ts, the banner) and to the tests: configuration,
// database, the modules' services. server/centre.ts builds it from the modules' apis; no module imports this file
// (tests/unit/module-boundaries.test.ts): a module names what it needs in its own `Deps`.
import type { Logger } from 'pino';
import type { Server as IOServer } from 'socket.io';
import type { Config } from './config';
import type { Db } from './dialects';
import type { Leader } from './jobs/leader';
import type { AuditApi } from './audit';
import type { AuthApi } from './auth';
import type { LiveApi } from './live';
import type { StreamsApi } from './streams';
import type { AppealRegistry, AppealService } from './appeals';
import type { ApiKeys } from './open311/keys';
import type { Crews, Incidents } from './operations';
import type { AlarmsApi } from './alarms';

export interface Centre {
  config: Config;
  log: Logger;
  version: string;
  db: Db;
  /** the broker's URL for display: without user and password (redactUrl) */
  mqttUrl: string;
  url: string;
  port: number;
  hub: LiveApi['hub'];
  leader: Leader;
  state: LiveApi['state'];
  pipeline: StreamsApi['pipeline'];
  subscriber: StreamsApi['subscriber'];
  spool: StreamsApi['spool'];
  io: IOServer;
  metrics: StreamsApi['metrics'];
  registry: AppealRegistry;
  appeals: AppealService;
  open311Keys: ApiKeys;
  /** the crews registry (operations module) */
  crews: Crews;
  /** camera incident cases (operations module) */
  incidents: Incidents;
  /** the stored alarms (alarms module): raise, the escalation pass */
  alarms: AlarmsApi;
  users: AuthApi['users'];
  tokens: AuthApi['tokens'];
  audit: AuditApi['log'];
  /** counts failed logins of unknown usernames, audited once a minute */
  loginFailures: AuthApi['loginFailures'];
  /** set on the very first start: the generated admin password, printed once */
  adminPassword?: string;
  stop(): Promise<void>;
}

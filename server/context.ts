// What the parts of a running centre share: configuration, database, live hub, pipeline, services. Routes take
// this; server/centre.ts builds it.
import type { Logger } from 'pino';
import type { Server as IOServer } from 'socket.io';
import type { Config } from './config';
import type { Db } from './dialects';
import type { LiveHub } from './live/hub';
import type { LiveState } from './live/state';
import type { Leader } from './jobs/leader';
import type { Pipeline } from '../ingest/pipeline';
import type { Subscriber } from '../ingest/mqtt/subscriber';
import type { Spool } from '../ingest/spool';
import type { register } from '../ingest/metrics';
import type { AppealRegistry, AppealService } from './appeals';
import type { ApiKeys } from './open311/keys';
import type { Users } from './auth/users';
import type { Tokens } from './auth/tokens';
import type { AuditLog } from './audit/log';
import type { UnknownLoginFailures } from './auth/failures';

export interface Centre {
  config: Config;
  log: Logger;
  version: string;
  db: Db;
  /** the broker's URL for display: without user and password (redactUrl) */
  mqttUrl: string;
  url: string;
  port: number;
  hub: LiveHub;
  leader: Leader;
  state: LiveState;
  pipeline: Pipeline;
  subscriber: Subscriber;
  spool: Spool;
  io: IOServer;
  metrics: typeof register;
  registry: AppealRegistry;
  appeals: AppealService;
  open311Keys: ApiKeys;
  users: Users;
  tokens: Tokens;
  audit: AuditLog;
  /** counts failed logins of unknown usernames, audited once a minute */
  loginFailures: UnknownLoginFailures;
  /** set on the very first start: the generated admin password, printed once */
  adminPassword?: string;
  stop(): Promise<void>;
}

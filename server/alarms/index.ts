// The alarms feature (issue 13, item 4, and CAP 1.2 alerts in, item 6): every alarm the centre raises becomes a
// row of `alarms` with a lifecycle (active_unack → acknowledged → cleared, who, when, a comment, the history in
// `alarm_history`), the same condition raised again updating its open row (count, last seen), each change on the
// live `alarms` stream. A module of its own, not part of operations: the appeals module raises alarms and mounts
// before operations (which needs the appeals' api), and outages, cameras and CAP feeds raise them too — every
// raiser gets `raise` through its `Deps`. Routes: /api/alarms (list, one with its history, ack, clear) and
// /api/cap. On the leader: the escalation job (a critical alarm unacknowledged past ALARM_ESCALATE_MIN → a live
// `escalated` event for the centre's head).
import type { Logger } from 'pino';
import type { Mount } from '../module';
import type { Db } from '../dialects';
import type { Config } from '../config';
import type { AuditApi } from '../audit';
import type { LivePort } from '../live';
import type { Leader } from '../jobs/leader';
import type { AlarmEvent } from '../../ingest/schema';
import { onLeader } from '../jobs/every';
import { Alarms, type AlarmInput } from './alarms';
import { AlarmsRepository, type AlarmRow } from './repository';
import { alarmRoutes } from './routes';
import type { CapTools } from './ports';

export type { AlarmInput } from './alarms';
export type { AlarmRow } from './repository';
export type { CapTools } from './ports';

/** how often the leader looks for critical alarms to escalate */
export const ESCALATE_EVERY_MS = 15_000;

export interface AlarmsDeps {
  /** for the module's own tables (alarms, alarm_history) */
  db: Db;
  log: Logger;
  /** publishes each stored alarm's changes (live stream `alarms`) */
  live: Pick<LivePort, 'publish'>;
  /** an acknowledgement or clearing and its audit row in one statement */
  withAudit: AuditApi['withAudit'];
  /** a CAP import's audit row */
  record: AuditApi['record'];
  leader: Leader;
  cap: CapTools;
  config: Pick<Config, 'ALARM_ESCALATE_MIN'>;
}

export interface AlarmsApi {
  /** stores and publishes; resolves with the stored rows */
  raise(alarms: AlarmInput[]): Promise<AlarmRow[]>;
  /** for a detector that cannot wait: the live events it used to publish, stored (key: the event's id) then published */
  raiseLater(events: AlarmEvent[]): void;
  /** one pass of the escalation job (the leader runs it every ESCALATE_EVERY_MS) */
  escalate(): Promise<AlarmRow[]>;
  /** the open alarms of the last day as live events: the live picture at start */
  recentLive(): Promise<AlarmEvent[]>;
}

export const mountAlarms: Mount<AlarmsDeps, AlarmsApi> = async (app, _io, deps) => {
  const repo = new AlarmsRepository(deps.db, deps.withAudit);
  const alarms = new Alarms({ repo, publish: (e) => deps.live.publish(e), log: deps.log, cap: deps.cap, escalateMin: deps.config.ALARM_ESCALATE_MIN });
  app.use(alarmRoutes({ alarms, record: deps.record }));
  const every = Math.min(ESCALATE_EVERY_MS, Math.max(1000, deps.config.ALARM_ESCALATE_MIN * 60_000));
  const stopEscalation = onLeader(deps.leader, every, 'alarm-escalation', deps.log, () => alarms.escalate());
  return {
    api: {
      raise: (a) => alarms.raise(a),
      raiseLater: (e) => alarms.raiseLater(e),
      escalate: () => alarms.escalate(),
      recentLive: () => alarms.recentLive(),
    },
    stop: async () => stopEscalation(),
  };
};

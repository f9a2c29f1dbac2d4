// The appeals feature as one module: `mountAppeals(app, io, deps)` registers its routes (the registry and its
// lifecycle, the citizens' confirmation links, routing rules, systemic problems, the outbox, the appeals' counts
// for the charts), loads the routing rules, starts registration (with a catch-up from the intake table) and the
// appeals' timers on the leader, and with the simulator on, the simulated executors and citizens. Other modules
// call its `api`, never its tables: the ingest pipeline hands it stored intake records (`enqueue`), Open311 reads
// what the public may see and takes appeals in through it, the live picture loads the last hour's appeals.
import type { Logger } from 'pino';
import type { Mount } from '../module';
import type { Db } from '../dialects';
import type { Config } from '../config';
import type { Leader } from '../jobs/leader';
import type { AuditEntry } from '../audit';
import type { AlarmEvent, AppealEvent, AppealRecord } from '../../ingest/schema';
import { AppealRegistry } from './intake/registry';
import { Router as OrgRouter } from './intake/routing';
import { AppealService } from './service';
import { appealRoutes } from './routes';
import { outboxRoutes } from './outbox/routes';
import { deliverOutbox } from './outbox/outbox';
import { senderFor } from './outbox/senders';
import { PhotoUrls } from './photo-urls';
import { onLeader } from '../jobs/every';
import { routingRoutes } from './routing/routes';
import { cities } from '../../maps/districts';
import { appealStatsRoutes } from './stats';
import { startAppealJobs } from './jobs';
import { simulateLifecycles } from './simulate-lifecycle';
import { calendar } from './sla/calendar';
import { canSee } from './query';
import { toLive, toView } from './view';
import { publicAppeals, publicUpdates, recentAppeals, type AppealRow, type PublicFilter, type PublicUpdateRow } from './store';
import type { AuditRecord, AuditSql, LivePublish, RaiseAlarms, SubmitAppeal } from './ports';

export type { AppealRow, PublicFilter, PublicUpdateRow } from './store';
export type { AuditRecord, AuditSql, LivePublish, RaiseAlarms, SubmitAppeal } from './ports';
export type { AppealRegistry } from './intake/registry';
export type { AppealService } from './service';

/** How often a node checks whether another changed the routing rules or the organisations. */
export const ROUTING_RELOAD_MS = 2000;

export interface AppealsDeps {
  db: Db;
  log: Logger;
  /** the live hub's publish: changed appeals */
  hub: Pick<LivePublish, 'publish'>;
  /** the detectors' alarms go to the alarms module: stored, then published by it */
  raiseAlarms: RaiseAlarms;
  /** writes one audit row (views of personal data) */
  audit: AuditRecord;
  /** the audit module's statement builders: a change and its audit row commit together */
  auditSql: AuditSql;
  /** the appeals' timers run on the leader only */
  leader: Leader;
  /** intake over HTTP goes the MQTT path: the ingest pipeline */
  submit: SubmitAppeal;
  /** the key that signs the photos' short-lived URLs (the auth module's `urlKey('photo-url')`) */
  photoKey: Uint8Array;
  config: Pick<Config, 'CITY' | 'PUBLIC_URL' | 'SMS_URL' | 'EMAIL_URL'> & {
    /** executors and citizens act on the simulator's own appeals (SIMULATOR on with a rate) */
    simulate: boolean;
  };
}

export interface AppealsApi {
  /** takes newly stored intake records (the ingest pipeline's consumer for the appeals stream); never blocks */
  enqueue(records: AppealRecord[]): void;
  /** registration (the tests wait on it: `whenRegistered`, `catchUp`) */
  registry: AppealRegistry;
  /** the lifecycle's transitions */
  service: AppealService;
  /** one appeal by id or registration number */
  row(idOrNumber: string): Promise<AppealRow | null>;
  /** may the principal see this appeal at all (territory, an executor's organisations)? */
  canSee: typeof canSee;
  /**
   * Takes an appeal in through the same path as MQTT, its audit row written by the registration's transaction;
   * resolves with the registered row (null: not registered within 5 s, e.g. the database is away).
   */
  intake(message: Record<string, unknown> & { id: string }, audit: AuditEntry): Promise<AppealRow | null>;
  /** what the public may see (Open311): never complaints about a body or an official */
  publicAppeals(filter: PublicFilter, limit?: number): Promise<AppealRow[]>;
  publicUpdates(since: string, until?: string): Promise<PublicUpdateRow[]>;
  /** an organisation's name (Russian), or the id when unknown */
  orgName(id: string): string;
  /** is this an organisation of the routing table? (the crews registry checks a crew's organisation) */
  orgExists(id: string): boolean;
  /** the live events of the appeals received in the last hour: the live picture at start */
  recentLive(): Promise<AppealEvent[]>;
  /** the current or next year when the working-day calendar does not cover it (health) */
  missingCalendarYears(): number[];
  /** one pass of the outbox's sender (the leader runs it every OUTBOX_EVERY_MS) */
  deliverOutbox(): Promise<{ sent: number; failed: number }>;
}

/** how often the leader hands due messages to the citizens' sender */
export const OUTBOX_EVERY_MS = 5000;

export const mountAppeals: Mount<AppealsDeps, AppealsApi> = async (app, _io, deps) => {
  const { db, log, config } = deps;
  // appeals to the live hub, alarms to the alarms module (stored with a lifecycle, then published by it)
  const hub: LivePublish = {
    publish(events) {
      const alarms: AlarmEvent[] = [];
      const rest: AppealEvent[] = [];
      for (const e of events) (e.stream === 'alarms' ? alarms : rest).push(e as never);
      if (rest.length) deps.hub.publish(rest);
      if (alarms.length) deps.raiseAlarms(alarms);
    },
  };
  calendar.warnIfIncomplete(log);
  const registry = new AppealRegistry(db, new OrgRouter(), hub, log, deps.auditSql, config.CITY);
  await registry.loadRules();
  // anything stored but not registered when the last run stopped
  void registry.catchUp().catch((err) => log.error({ err: err.message }, 'appeal catch-up failed'));
  const service = new AppealService(db, hub, registry.router, deps.auditSql, { publicUrl: config.PUBLIC_URL });

  app.use(appealStatsRoutes({ db }));
  const photoUrls = new PhotoUrls(deps.photoKey);
  app.use(appealRoutes({ db, audit: deps.audit, auditSql: deps.auditSql, registry, service, submit: deps.submit, photoUrls, city: config.CITY }));
  app.use(outboxRoutes({ db, audit: deps.audit }));
  const districts = new Set((cities[config.CITY]?.districts.features ?? []).map((f) => f.properties.id));
  app.use(routingRoutes({ db, auditSql: deps.auditSql, registry, districts }));
  // rules and organisations changed on another node reach this one's router within ROUTING_RELOAD_MS
  let reloadFailing = false;
  const reloadTimer = setInterval(
    () =>
      void registry.refreshRules().then(
        () => (reloadFailing = false),
        (err) => {
          if (!reloadFailing) log.warn({ err: err.message }, 'routing reload failed; the last rules stay in use');
          reloadFailing = true;
        },
      ),
    ROUTING_RELOAD_MS,
  );
  reloadTimer.unref();

  const stopJobs = startAppealJobs(db, hub, deps.leader, service, log);
  // messages to citizens: SMS / e-mail gateways when configured, else the demo sender (senders.ts)
  const sender = senderFor(config);
  log.info({ senders: sender.channels }, 'citizen outbox senders');
  const deliver = async () => {
    const r = await deliverOutbox(db, sender);
    if (r.failed) log.warn(r, 'citizen outbox: some messages could not be delivered (tried again later)');
    return r;
  };
  const stopOutbox = onLeader(deps.leader, OUTBOX_EVERY_MS, 'outbox', log, deliver);
  const stopLifecycles = config.simulate ? simulateLifecycles(db, service, log) : () => {};

  const api: AppealsApi = {
    enqueue: (records) => registry.enqueue(records),
    registry,
    service,
    row: (id) => service.row(id),
    canSee,
    intake: async (message, audit) => {
      registry.auditOnRegister(message.id, audit);
      await deps.submit(message);
      await registry.whenRegistered(message.id);
      return service.row(message.id);
    },
    publicAppeals: (f, limit) => publicAppeals(db, f, limit),
    publicUpdates: (since, until) => publicUpdates(db, since, until),
    orgName: (id) => registry.router.orgs.get(id)?.name_ru ?? id,
    orgExists: (id) => registry.router.orgs.has(id),
    recentLive: async () => (await recentAppeals(db, 60, 100_000)).map((r) => toLive(toView(r, false))),
    missingCalendarYears: () => calendar.missingYears(),
    deliverOutbox: deliver,
  };
  return {
    api,
    stop: async () => {
      clearInterval(reloadTimer);
      stopLifecycles();
      stopOutbox();
      stopJobs();
      registry.stop();
    },
  };
};

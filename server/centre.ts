// Starts the whole centre in one process: configuration, the database (dialect) and its migrations, the HTTP
// server and socket.io, then the feature modules in order (server/module.ts: each mounts its routes, sockets and
// jobs and says how to stop them), the client, and the simulator. `stop()` stops the modules in reverse order.
// `npm start` and the tests use this; the returned `Centre` (server/context.ts) is for them, not for modules.
import http from 'node:http';
import express from 'express';
import { Server as IOServer } from 'socket.io';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config';
import { openDb, type Db } from './dialects';
import { migrate } from './db/migrate';
import { listen } from '../ingest/listen';
import { Leader } from './jobs/leader';
import type { Mounted } from './module';
import type { IncidentRecord, VehicleKind } from '../ingest/schema';
import { createApp } from './http/app';
import { errorHandler, notFound } from './http/errors';
import { serveClient } from './http/client';
import { mountSystem } from './http';
import { mountAudit } from './audit';
import { mountAuth } from './auth';
import { mountLive } from './live';
import { mountStreams } from './streams';
import { mountAppeals } from './appeals';
import { mountOpen311 } from './open311';
import { mountOperations } from './operations';
import { mountAlarms } from './alarms';
import { capAreasGeoJSON, parseCap } from './operations/cap';

export type { Centre } from './context';
import type { Centre } from './context';

export { version } from './http/version';
import { version } from './http/version';

/** An address this process can reach its own HTTP server at. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function openDbWithRetry(cfg: Config, log: Logger): Promise<Db> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR, timescale: cfg.TIMESCALEDB }, log);
    } catch (err) {
      const e = err as Error & { code?: string };
      if (!cfg.DATABASE_URL || !/ECONNREFUSED|terminat|timeout|starting up|shutting down|ENOTFOUND/i.test(`${e.message} ${e.code}`)) throw e;
      log.warn({ err: e.message, retryInMs: delay }, 'database not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export async function startCentre(overrides: Partial<Config> = {}, opts: { log?: Logger } = {}): Promise<Centre> {
  const config: Config = { ...loadConfig(), ...overrides };
  const log =
    opts.log ??
    pino({ level: config.LOG_LEVEL, ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss' } } } : {}) });

  const db = await openDbWithRetry(config, log);
  log.info({ kind: db.kind }, 'database open');
  await migrate(db, log);

  const app = createApp(config, log);
  const server = http.createServer(app);
  const io = new IOServer(server, { serveClient: false, maxHttpBufferSize: 1e6, cors: undefined });
  // Timers that must run once across nodes run on the leader only.
  const leader = await Leader.start(db, config.DATABASE_URL, log);

  // mountAuth installs authentication on `app`; every other module mounts its routes on `api`, which sits after it
  const api = express.Router();
  const modules: Mounted<unknown>[] = [];
  const mount = <M extends Mounted<unknown>>(m: M): M => (modules.push(m), m);

  const audit = mount(await mountAudit(api, io, { db }));
  const auth = mount(await mountAuth(app, io, { db, log, config, audit: audit.api }));
  app.use(api);
  const live = mount(await mountLive(api, io, { log, config, sessions: auth.api.sessions }));

  // intake over HTTP goes the MQTT path (the pipeline, mounted below; read when a request comes)
  const submit = (m: Record<string, unknown>) =>
    new Promise<void>((resolve) => streams.api.pipeline.handle(`${config.MQTT_TOPIC_PREFIX}appeals`, Buffer.from(JSON.stringify(m)), resolve));
  // alarms before their raisers: each gets `raise` through its deps
  const alarms = mount(
    await mountAlarms(api, io, {
      db, log, live: live.api, withAudit: audit.api.withAudit, record: audit.api.record, leader,
      cap: { parse: (xml) => parseCap(xml), areas: capAreasGeoJSON }, config: { ALARM_ESCALATE_MIN: config.ALARM_ESCALATE_MIN },
    }),
  );
  live.api.seed(await alarms.api.recentLive());
  const appeals = mount(
    await mountAppeals(api, io, {
      db, log, hub: live.api.hub, raiseAlarms: alarms.api.raiseLater, audit: audit.api.record, auditSql: audit.api, leader, submit, photoKey: auth.api.urlKey('photo-url'),
      config: { CITY: config.CITY, PUBLIC_URL: config.PUBLIC_URL, SMS_URL: config.SMS_URL, EMAIL_URL: config.EMAIL_URL, simulate: config.SIMULATOR && config.SIMULATOR_RATE > 0 },
    }),
  );
  live.api.seed(await appeals.api.recentLive());
  const open311 = mount(await mountOpen311(api, io, { db, log, appeals: appeals.api, withAudit: audit.api.withAudit, config: { OPEN311_API_KEYS: config.OPEN311_API_KEYS } }));
  // stored camera detections go to the operations module's incident cases (mounted below: held until then)
  const early: IncidentRecord[] = [];
  let toCases: (records: IncidentRecord[]) => void = (records) => void early.push(...records);
  const streams = mount(
    await mountStreams(api, io, { db, log, leader, config, live: live.api, consumers: { appeals: appeals.api.enqueue, incidents: (records: IncidentRecord[]) => toCases(records) } }),
  );
  // OsmAnd positions go the MQTT path too: the pipeline, as if published on <prefix>gps/<deviceId>
  const submitGps = (deviceId: string, m: Record<string, unknown>) =>
    new Promise<void>((resolve) => streams.api.pipeline.handle(`${config.MQTT_TOPIC_PREFIX}gps/${deviceId}`, Buffer.from(JSON.stringify(m)), resolve));
  const operations = mount(
    await mountOperations(api, io, {
      db, log, live: live.api, liveFix: (deviceId) => live.api.state.vehicles.get(deviceId), appeals: appeals.api, withAudit: audit.api.withAudit, submitGps,
      config: { OSMAND_RATE_LIMIT: config.OSMAND_RATE_LIMIT, OSMAND_SPEED_UNIT: config.OSMAND_SPEED_UNIT, INCIDENT_MERGE_MIN: config.INCIDENT_MERGE_MIN },
    }),
  );
  toCases = (records) => operations.api.incidents.consume(records);
  toCases(early.splice(0));
  mount(
    await mountSystem(api, io, {
      db, config, version, leader, metrics: streams.api.metrics, hub: live.api.hub, state: live.api.state, ingest: streams.api,
      calendar: { missingYears: () => appeals.api.missingCalendarYears() },
    }),
  );
  app.use('/api', notFound);
  serveClient(app, log);
  app.use(errorHandler(log));

  const port = await listen(server, config.HOST, config.PORT ?? 3000, config.PORT === undefined);

  let sim: { stop(): Promise<void> } | null = null;
  if (config.SIMULATOR && config.SIMULATOR_RATE > 0) {
    const { startSimulator } = await import('../ingest/simulator');
    sim = await startSimulator({
      ...streams.api.broker,
      prefix: config.MQTT_TOPIC_PREFIX,
      rate: config.SIMULATOR_RATE,
      vehicles: config.SIMULATOR_VEHICLES,
      // a lively but believable city: mostly crew GPS; appeals at a few a second (iKOMEK109 takes ~6,200 a day)
      share: { gps: 0.86, appeals: 0.05, incidents: 0.06, status: 0.03 },
      // the fleet is the crews registry's (registered before the first fix); a tenth reports as a phone app would,
      // over the OsmAnd endpoint of this very server
      prepare: async (city) => {
        const n = await operations.api.crews.ensureFleet(city.fleet.map((v) => ({ id: v.id, kind: v.kind as VehicleKind, district: v.district.id })));
        if (n) log.info({ crews: n }, 'simulated fleet registered as crews');
      },
      osmand: { url: `http://${loopbackHost(config.HOST)}:${port}`, share: 0.1 },
      log: log.child({ mod: 'simulator' }),
    });
  }

  return {
    config, log, version, db, leader, io, port, url: `http://localhost:${port}`,
    mqttUrl: streams.api.mqttUrl, pipeline: streams.api.pipeline, subscriber: streams.api.subscriber, spool: streams.api.spool, metrics: streams.api.metrics,
    hub: live.api.hub, state: live.api.state,
    users: auth.api.users, tokens: auth.api.tokens, loginFailures: auth.api.loginFailures, adminPassword: auth.api.adminPassword,
    audit: audit.api.log, registry: appeals.api.registry, appeals: appeals.api.service, open311Keys: open311.api.keys, crews: operations.api.crews, incidents: operations.api.incidents, alarms: alarms.api,
    async stop() {
      await sim?.stop();
      for (const m of modules.reverse()) await m.stop();
      await leader.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    },
  };
}

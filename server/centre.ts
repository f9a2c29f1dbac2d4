// Starts the whole centre in one process: database (dialect), migrations, broker (embedded or external),
// ingest pipeline, live hub, HTTP + socket.io, and the simulator. `npm start` and the tests use this.
import http from 'node:http';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { Server as IOServer } from 'socket.io';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config';
import { openDb, type Db } from './dialects';
import { batchSink } from './dialects/sink';
import { migrate } from './db/migrate';
import { parseBrokerUsers, startEmbeddedBroker, type EmbeddedBroker } from '../ingest/broker';
import { redactUrl } from '../ingest/url';
import { Subscriber } from '../ingest/mqtt/subscriber';
import { Pipeline } from '../ingest/pipeline';
import { Spool } from '../ingest/spool';
import { register, mqttUpGauge } from '../ingest/metrics';
import { LiveHub } from './live/hub';
import { MemoryTickStore } from './live/memory-store';
import { RedisTickStore } from './live/redis-store';
import { redisAdapter } from './live/adapter';
import { Leader } from './jobs/leader';
import { LiveState } from './live/state';
import { attachLive } from './live/socket';
import { healthRoutes } from './http/health';
import { snapshotRoutes } from './http/snapshot';
import { statsRoutes } from './http/stats';
import { errorCodes, errorHandler, notFound } from './http/errors';
import { serveClient } from './http/client';
import { runTimescaleJobs } from './jobs/timescale';
import { runDedupeCleanup } from './jobs/dedupe';
import { listen } from '../ingest/listen';
import helmet from 'helmet';
import { Users } from './auth/users';
import { Semaphore } from './auth/hashing';
import { UnknownLoginFailures } from './auth/failures';
import { Tokens, loadSecret } from './auth/tokens';
import { ensureAdmin } from './auth/bootstrap';
import { authenticate } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { AuditLog } from './audit/log';
import { AppealRegistry } from './appeals/registry';
import { AppealService } from './appeals/service';
import { Router as AppealRouter } from './appeals/routing';
import { appealRoutes } from './appeals/routes';
import { startAppealJobs } from './appeals/jobs';
import { calendar } from './appeals/calendar';
import { simulateLifecycles } from './appeals/simulate-lifecycle';
import { open311Routes } from './open311/routes';
import { ApiKeys } from './open311/keys';
import { apiKeyRoutes } from './open311/admin';
import { openapiRoutes } from './http/openapi';
import { httpMetrics, requestLogging } from './http/observe';
import { auditRoutes } from './audit/routes';
import { outboxRoutes } from './appeals/outbox';

export type { Centre } from './context';
import type { Centre } from './context';

export { version } from './http/version';
import { version } from './http/version';

async function openDbWithRetry(cfg: Config, log: Logger): Promise<Db> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await openDb({ databaseUrl: cfg.DATABASE_URL, dataDir: cfg.DATA_DIR, timescale: cfg.TIMESCALEDB }, log);
    } catch (err) {
      const e = err as Error;
      if (!cfg.DATABASE_URL || !/ECONNREFUSED|terminat|timeout|starting up|shutting down|ENOTFOUND/i.test(`${e.message} ${(e as any).code}`)) throw e;
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
  calendar.warnIfIncomplete(log);
  const users = new Users(db, new Semaphore(config.PASSWORD_HASH_CONCURRENCY, 10 * config.PASSWORD_HASH_CONCURRENCY));
  const tokens = new Tokens(db, await loadSecret(db, config.AUTH_SECRET));
  const audit = new AuditLog(db);
  const loginFailures = new UnknownLoginFailures(audit, log);
  const admin = await ensureAdmin(users, log, config.ADMIN_PASSWORD);

  let broker: EmbeddedBroker | null = null;
  // the URL to connect to (it may hold a password); everything shown or logged uses redactUrl(mqttUrl)
  let mqttUrl = config.MQTT_URL;
  const clientId = config.MQTT_CLIENT_ID ?? `situation-centre-${config.MQTT_URL ? randomBytes(3).toString('hex') : 'embedded'}`;
  if (!mqttUrl) {
    broker = await startEmbeddedBroker({
      host: config.MQTT_HOST,
      port: config.MQTT_PORT,
      log,
      prefix: config.MQTT_TOPIC_PREFIX,
      users: parseBrokerUsers(config.MQTT_USERS),
      maxPayload: config.INGEST_MAX_PAYLOAD,
      centreClientIds: [clientId],
    });
    mqttUrl = broker.url;
    log.info({ url: redactUrl(mqttUrl), host: broker.host }, 'embedded MQTT broker listening');
  }

  const windowMs = config.REPLAY_WINDOW_MIN * 60_000;
  const store = config.REDIS_URL
    ? new RedisTickStore(config.REDIS_URL, `sc:live:${config.MQTT_TOPIC_PREFIX}`, windowMs, log)
    : new MemoryTickStore(windowMs, config.REPLAY_MAX_EVENTS);
  const hub = new LiveHub(store, { tickMs: config.LIVE_TICK_MS });
  const state = new LiveState(hub);
  await hub.start();
  await state.load(db);

  const registry = new AppealRegistry(db, new AppealRouter(), hub, log, config.CITY);
  await registry.loadRules();
  // anything stored but not registered when the last run stopped
  void registry.catchUp().catch((err) => log.error({ err: err.message }, 'appeal catch-up failed'));
  const appeals = new AppealService(db, hub, audit, registry.router, { publicUrl: config.PUBLIC_URL });
  const open311Keys = new ApiKeys(db);
  if (config.OPEN311_API_KEYS) await open311Keys.seed(config.OPEN311_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean));

  const spool = new Spool(join(config.DATA_DIR, 'spool'), config.SPOOL_MAX_MB * 1024 * 1024);
  let subscriber: Subscriber | undefined;
  const pipeline = new Pipeline({
    sink: batchSink(db),
    log,
    spool,
    prefix: config.MQTT_TOPIC_PREFIX,
    maxPayload: config.INGEST_MAX_PAYLOAD,
    batchSize: config.INGEST_BATCH_SIZE,
    batchMs: config.INGEST_BATCH_MS,
    maxPending: config.INGEST_MAX_PENDING,
    onStored: (events) => hub.publish(events),
    consumers: { appeals: (records) => registry.enqueue(records) },
    onPressure: (paused) => (paused ? subscriber?.pause() : subscriber?.resume()),
  });
  const share = config.MQTT_SHARE_GROUP ? `$share/${config.MQTT_SHARE_GROUP}/` : '';
  subscriber = new Subscriber(
    {
      url: mqttUrl,
      clientId,
      // One filter for the whole prefix: the four streams, and anything else under it is dead-lettered as an
      // unknown topic rather than silently ignored.
      filters: [share + config.MQTT_TOPIC_PREFIX + '#'],
      protocolVersion: broker ? 4 : 5,
      receiveMaximum: config.MQTT_RECEIVE_MAXIMUM,
      ...(broker ? broker.centre : {}),
      log,
    },
    (topic, payload, ack) => pipeline.handle(topic, payload, ack),
  );
  subscriber.on('connected', () => mqttUpGauge.set(1));
  subscriber.on('disconnected', () => mqttUpGauge.set(0));
  subscriber.start();
  // Give the broker a moment so that a fresh start reports healthy; a broker that is down is retried forever.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 5000);
    subscriber!.once('connected', () => (clearTimeout(t), resolve()));
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Leaflet and ECharts set inline style attributes
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(config.TILE_URL ? [new URL(config.TILE_URL.replace(/\{[a-z]\}/g, '0')).origin] : [])],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          workerSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(requestLogging(log));
  app.use(httpMetrics);
  app.use(errorCodes);
  app.use(express.json({ limit: '256kb' }));
  app.use(authenticate(tokens));
  const server = http.createServer(app);
  const io = new IOServer(server, { serveClient: false, maxHttpBufferSize: 1e6, cors: undefined });
  const adapter = config.REDIS_URL ? await redisAdapter(config.REDIS_URL, log) : null;
  if (adapter) io.adapter(adapter.factory);
  const stopLive = attachLive(io, hub, tokens, log, { maxReplay: config.REPLAY_MAX_PER_SUBSCRIBE, subscribeLimit: config.SUBSCRIBE_RATE_LIMIT });

  // Timers that must run once across nodes run on the leader only.
  const leader = await Leader.start(db, config.DATABASE_URL, log);
  const stopJobs = runTimescaleJobs(db, log, leader);
  const stopDedupe = runDedupeCleanup(db, log, leader);
  const stopAppealJobs = startAppealJobs(db, hub, leader, appeals, log);
  const centre = { config, log, version, db, mqttUrl: redactUrl(mqttUrl), hub, state, pipeline, subscriber, spool, io, metrics: register, users, tokens, audit, loginFailures, leader, registry, appeals, open311Keys, adminPassword: admin.password } as Centre;

  app.use(healthRoutes(centre));
  app.use(snapshotRoutes(centre));
  app.use(statsRoutes(centre));
  app.use(authRoutes(centre));
  app.use(auditRoutes(centre));
  app.use(appealRoutes(centre));
  app.use(outboxRoutes(centre));
  app.use(apiKeyRoutes(centre));
  app.use(open311Routes(centre));
  app.use(openapiRoutes());
  app.use('/api', notFound);
  serveClient(app, log);
  app.use(errorHandler(log));

  const port = await listen(server, config.HOST, config.PORT ?? 3000, config.PORT === undefined);
  centre.port = port;
  centre.url = `http://localhost:${port}`;

  let sim: { stop(): Promise<void> } | null = null;
  let stopLifecycles = () => {};
  if (config.SIMULATOR && config.SIMULATOR_RATE > 0) {
    stopLifecycles = simulateLifecycles(db, appeals, log);
    const { startSimulator } = await import('../ingest/simulator');
    sim = await startSimulator({
      url: mqttUrl,
      ...(broker ? broker.centre : {}),
      prefix: config.MQTT_TOPIC_PREFIX,
      rate: config.SIMULATOR_RATE,
      vehicles: config.SIMULATOR_VEHICLES,
      // a lively but believable city: mostly crew GPS; appeals at a few a second (iKOMEK109 takes ~6,200 a day)
      share: { gps: 0.86, appeals: 0.05, incidents: 0.06, status: 0.03 },
      log: log.child({ mod: 'simulator' }),
    });
  }

  centre.stop = async () => {
    stopLifecycles();
    await sim?.stop();
    await subscriber!.stop();
    await pipeline.stop();
    await hub.stop();
    stopJobs();
    stopDedupe();
    stopAppealJobs();
    registry.stop();
    await leader.stop();
    await loginFailures.stop();
    stopLive();
    io.close();
    await adapter?.close();
    await new Promise<void>((r) => server.close(() => r()));
    await broker?.close();
    await db.close();
  };
  return centre;
}

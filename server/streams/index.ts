// The streams module wires ingest into the server: the embedded MQTT broker (when MQTT_URL is unset), the spool,
// the Pipeline over the server's database (`batchSink`), the centre's Subscriber; it seeds the live picture with
// what the stream tables hold, runs the jobs on ingest's tables (dedupe window; TimescaleDB's jobs on PGlite) and
// serves the dead letters. ingest/ itself imports nothing from server/: this file gives it its ports.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { parseBrokerUsers, startEmbeddedBroker, type EmbeddedBroker } from '../../ingest/broker';
import { register, mqttUpGauge } from '../../ingest/metrics';
import { Subscriber } from '../../ingest/mqtt/subscriber';
import { Pipeline, type PipelineOptions } from '../../ingest/pipeline';
import { Spool } from '../../ingest/spool';
import { redactUrl } from '../../ingest/url';
import type { Config } from '../config';
import type { Db } from '../dialects';
import { batchSink } from '../dialects/sink';
import type { Leader } from '../jobs/leader';
import type { Mount } from '../module';
import type { LivePort } from '../live';
import { runDedupeCleanup } from './dedupe';
import { StreamsRepository } from './repository';
import { deadLetterRoutes } from './routes';
import { runTimescaleJobs } from './timescale';

export interface StreamsDeps {
  db: Db;
  log: Logger;
  leader: Leader;
  config: Pick<
    Config,
    | 'MQTT_URL'
    | 'MQTT_CLIENT_ID'
    | 'MQTT_HOST'
    | 'MQTT_PORT'
    | 'MQTT_TOPIC_PREFIX'
    | 'MQTT_USERS'
    | 'MQTT_SHARE_GROUP'
    | 'MQTT_RECEIVE_MAXIMUM'
    | 'INGEST_MAX_PAYLOAD'
    | 'INGEST_BATCH_SIZE'
    | 'INGEST_BATCH_MS'
    | 'INGEST_MAX_PENDING'
    | 'DATA_DIR'
    | 'SPOOL_MAX_MB'
  >;
  live: LivePort;
  /** who else takes a stream's stored records (appeals: the registry) */
  consumers: PipelineOptions['consumers'];
}

export interface StreamsApi {
  pipeline: Pipeline;
  subscriber: Subscriber;
  spool: Spool;
  /** the broker's URL for display: without user and password (redactUrl) */
  mqttUrl: string;
  /** how an in-process client (the simulator) reaches the broker: the URL may hold a password, never log it */
  broker: { url: string; username?: string; password?: string };
  metrics: typeof register;
}

export const mountStreams: Mount<StreamsDeps, StreamsApi> = async (app, _io, { db, log, leader, config, live, consumers }) => {
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

  const repo = new StreamsRepository(db);
  // the picture so far, before anything new arrives
  live.seed(await repo.recentEvents());

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
    onStored: (events) => live.publish(events),
    consumers,
    onPressure: (paused) => (paused ? subscriber?.pause() : subscriber?.resume()),
  });
  const share = config.MQTT_SHARE_GROUP ? `$share/${config.MQTT_SHARE_GROUP}/` : '';
  const sub = new Subscriber(
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
  subscriber = sub;
  sub.on('connected', () => mqttUpGauge.set(1));
  sub.on('disconnected', () => mqttUpGauge.set(0));
  sub.start();
  // Give the broker a moment so that a fresh start reports healthy; a broker that is down is retried forever.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 5000);
    sub.once('connected', () => (clearTimeout(t), resolve()));
  });

  // jobs on ingest's tables, on the leader only
  const stopTimescale = runTimescaleJobs(db, log, leader);
  const stopDedupe = runDedupeCleanup(db, log, leader);
  app.use(deadLetterRoutes(repo));

  return {
    api: { pipeline, subscriber: sub, spool, mqttUrl: redactUrl(mqttUrl), broker: { url: mqttUrl, ...(broker ? broker.centre : {}) }, metrics: register },
    async stop() {
      await sub.stop();
      await pipeline.stop();
      stopTimescale();
      stopDedupe();
      await broker?.close();
    },
  };
};

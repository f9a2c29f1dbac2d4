// Prometheus metrics of the ingest path (names are a contract: dashboards and alerts use them).
import client from 'prom-client';

export const register = client.register;

export const messagesTotal = new client.Counter({
  name: 'ingest_messages_total',
  help: 'MQTT messages handled, by stream and result (stored | duplicate | rejected)',
  labelNames: ['stream', 'result'] as const,
});
export const batchDuration = new client.Histogram({
  name: 'ingest_batch_duration_seconds',
  help: 'Time to commit one batch to the database',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
export const batchSize = new client.Histogram({
  name: 'ingest_batch_size',
  help: 'Messages per committed batch',
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
});
export const pendingGauge = new client.Gauge({
  name: 'ingest_pending_messages',
  help: 'Messages received and not yet committed (nor acknowledged)',
});
export const spoolGauge = new client.Gauge({
  name: 'ingest_spool_messages',
  help: 'Messages kept on disk while the database is unreachable, waiting for replay',
});
export const dbUpGauge = new client.Gauge({ name: 'ingest_db_up', help: '1 when the last write reached the database' });
export const mqttUpGauge = new client.Gauge({ name: 'ingest_mqtt_up', help: '1 while subscribed to the broker' });

// Tables for the four streams and the dead letters. With TimescaleDB: hypertables, per-minute and per-hour
// continuous aggregates (counts by district × category), compression and retention. Without it: plain tables
// and date_bin() views with the same names and columns.
import type { Migration } from '../migration';

const tables = `
CREATE TABLE IF NOT EXISTS appeals (
  id text NOT NULL, ts timestamptz NOT NULL, channel text NOT NULL, sphere text NOT NULL, category text NOT NULL,
  text text NOT NULL, lat float8, lon float8, address text, district text, citizen jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, ts));
CREATE TABLE IF NOT EXISTS incidents (
  id text NOT NULL, ts timestamptz NOT NULL, source text NOT NULL, camera_id text NOT NULL, type text NOT NULL,
  confidence float8 NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL, district text, snapshot_url text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, ts));
CREATE TABLE IF NOT EXISTS gps (
  id text NOT NULL, ts timestamptz NOT NULL, vehicle_id text NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL,
  speed float8 NOT NULL, heading float8 NOT NULL, fuel float8, kind text, district text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, ts));
CREATE TABLE IF NOT EXISTS service_status (
  id text NOT NULL, ts timestamptz NOT NULL, service text NOT NULL, district text NOT NULL, state text NOT NULL,
  planned bool NOT NULL DEFAULT false, households int4, restore_eta timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, ts));
CREATE INDEX IF NOT EXISTS appeals_district_ts ON appeals (district, ts DESC);
CREATE INDEX IF NOT EXISTS incidents_district_ts ON incidents (district, ts DESC);
CREATE INDEX IF NOT EXISTS gps_vehicle_ts ON gps (vehicle_id, ts DESC);
CREATE INDEX IF NOT EXISTS service_status_svc_ts ON service_status (service, district, ts DESC);
CREATE TABLE IF NOT EXISTS dead_letters (
  id bigserial PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now(), topic text NOT NULL,
  stream text NOT NULL, reason text NOT NULL, payload text NOT NULL, size int4 NOT NULL);
CREATE INDEX IF NOT EXISTS dead_letters_received ON dead_letters (received_at DESC);
`;

/** Per stream: table, chunk interval, the column counted as category, compression and retention. */
export const streamTables = [
  { table: 'appeals', chunk: '7 days', category: 'category', segment: 'district', compressAfter: '60 days', retain: null },
  { table: 'incidents', chunk: '1 day', category: 'type', segment: 'type', compressAfter: '7 days', retain: '2 years' },
  { table: 'gps', chunk: '6 hours', category: 'kind', segment: 'vehicle_id', compressAfter: '1 day', retain: '90 days' },
  { table: 'service_status', chunk: '7 days', category: 'service', segment: 'service', compressAfter: '30 days', retain: '5 years' },
] as const;

const streamOf = (table: string) => (table === 'service_status' ? 'status' : table);

function timescale(): string[] {
  const out: string[] = [];
  for (const t of streamTables) {
    out.push(`SELECT create_hypertable('${t.table}', by_range('ts', INTERVAL '${t.chunk}'), if_not_exists => TRUE, migrate_data => TRUE)`);
    for (const [suffix, width, start, end, every] of [
      ['1m', '1 minute', '2 hours', '1 minute', '1 minute'],
      ['1h', '1 hour', '3 days', '1 hour', '30 minutes'],
    ]) {
      out.push(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${t.table}_${suffix}
        WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT time_bucket(INTERVAL '${width}', ts) AS bucket, district, ${t.category} AS category, count(*) AS n
        FROM ${t.table} GROUP BY 1, 2, 3 WITH NO DATA`);
      out.push(`SELECT add_continuous_aggregate_policy('${t.table}_${suffix}', start_offset => INTERVAL '${start}',
        end_offset => INTERVAL '${end}', schedule_interval => INTERVAL '${every}', if_not_exists => TRUE)`);
    }
    out.push(`ALTER TABLE ${t.table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${t.segment}', timescaledb.compress_orderby = 'ts DESC')`);
    out.push(`SELECT add_compression_policy('${t.table}', INTERVAL '${t.compressAfter}', if_not_exists => TRUE)`);
    if (t.retain) out.push(`SELECT add_retention_policy('${t.table}', INTERVAL '${t.retain}', if_not_exists => TRUE)`);
  }
  return out;
}

function plain(): string[] {
  const out: string[] = [];
  for (const t of streamTables) {
    out.push(`CREATE INDEX IF NOT EXISTS ${t.table}_ts ON ${t.table} (ts DESC)`);
    for (const [suffix, width] of [
      ['1m', '1 minute'],
      ['1h', '1 hour'],
    ])
      out.push(`CREATE OR REPLACE VIEW ${t.table}_${suffix} AS
        SELECT date_bin(INTERVAL '${width}', ts, TIMESTAMPTZ '2000-01-01') AS bucket, district, ${t.category} AS category, count(*) AS n
        FROM ${t.table} GROUP BY 1, 2, 3`);
  }
  return out;
}

function unionViews(): string[] {
  return ['1m', '1h'].map(
    (s) => `CREATE OR REPLACE VIEW stream_counts_${s} AS ` + streamTables.map((t) => `SELECT '${streamOf(t.table)}'::text AS stream, bucket, district, category, n FROM ${t.table}_${s}`).join(' UNION ALL '),
  );
}

export const m001: Migration = {
  version: 1,
  name: 'streams',
  statements: (caps) => [tables, ...(caps.timescale ? timescale() : plain()), ...unionViews()],
};

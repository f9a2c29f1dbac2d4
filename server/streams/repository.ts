// The server's SQL on the tables ingest writes (the stream tables, `ingest_ids`, `dead_letters`) and on
// TimescaleDB's job list. Writing stays ingest's own (ingest/writer.ts, through the BatchSink); this is what the
// server reads and cleans up: the recent picture at start, the dead letters, expired dedupe ids, and the jobs
// PGlite runs from a timer.
import { recordFromRow, streams, type LiveEvent, type StreamDef } from '../../ingest/schema';
import type { Db } from '../dialects';

/** A stream table's row: the columns its stream declares (ingest/schema/<stream>.ts), mapped by `recordFromRow`. */
export type StreamRow = Record<string, unknown>;

export interface DeadLetterRow {
  id: string | number;
  received_at: Date | string;
  topic: string;
  stream: string | null;
  reason: string;
  payload: string;
  size: number;
}

export interface TimescaleJobRow {
  job_id: number;
  /** schedule interval, seconds */
  every: number;
  proc_name: string;
}

/** How long the start-up picture looks back, and how much it holds (server/live/state.ts keeps the same bounds). */
const RECENT_MAX = 100_000;

export class StreamsRepository {
  constructor(private db: Db) {}

  /**
   * The picture at start: each vehicle's last position (30 minutes), each service's last state per district
   * (30 days), and the last hour's incidents, oldest first.
   */
  async recentEvents(): Promise<LiveEvent[]> {
    const event = (def: StreamDef, row: StreamRow) => def.toEvent(recordFromRow(def, row)) as LiveEvent;
    const [gps, status, incidents] = await Promise.all([
      this.db.query<StreamRow>(`SELECT DISTINCT ON (vehicle_id) * FROM gps WHERE ts > now() - INTERVAL '30 minutes' ORDER BY vehicle_id, ts DESC`),
      this.db.query<StreamRow>(`SELECT DISTINCT ON (service, district) * FROM service_status WHERE ts > now() - INTERVAL '30 days' ORDER BY service, district, ts DESC`),
      this.db.query<StreamRow>(`SELECT * FROM incidents WHERE ts > now() - INTERVAL '60 minutes' ORDER BY ts LIMIT ${RECENT_MAX}`),
    ]);
    return [...gps.map((r) => event(streams.gps, r)), ...status.map((r) => event(streams.status, r)), ...incidents.map((r) => event(streams.incidents, r))];
  }

  /** The newest dead letters, raw payloads included. */
  deadLetters(limit: number, stream?: string): Promise<DeadLetterRow[]> {
    return this.db.query<DeadLetterRow>(
      `SELECT id, received_at, topic, stream, reason, payload, size FROM dead_letters ${stream ? 'WHERE stream = $2' : ''} ORDER BY id DESC LIMIT $1`,
      stream ? [limit, stream] : [limit],
    );
  }

  /** Deletes up to `chunk` ids of a stream received longer ago than `window`; how many it deleted. */
  async deleteExpiredIds(stream: string, window: string, chunk: number): Promise<number> {
    const rows = await this.db.query<{ one: number }>(
      `DELETE FROM ingest_ids WHERE stream = $1 AND id IN (
         SELECT id FROM ingest_ids WHERE stream = $1 AND received_at < now() - $2::interval LIMIT ${Number(chunk)})
       RETURNING 1 AS one`,
      [stream, window],
    );
    return rows.length;
  }

  /** TimescaleDB's scheduled jobs (aggregate refresh, compression, retention). */
  timescaleJobs(): Promise<TimescaleJobRow[]> {
    return this.db.query<TimescaleJobRow>(
      `SELECT job_id, extract(epoch FROM schedule_interval)::float8 AS every, proc_name FROM timescaledb_information.jobs WHERE scheduled`,
    );
  }

  async runTimescaleJob(id: number): Promise<void> {
    await this.db.exec(`CALL run_job(${Number(id)})`);
  }
}

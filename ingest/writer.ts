// Writes one batch in one transaction: a multi-row `INSERT … SELECT FROM unnest(…)` per stream plus the batch's
// dead letters. Returns which records were new.
//
// One message per id: a hypertable's unique key must contain its time column, so the stream tables key on
// (id, ts), and the same id with another ts (a device clock, a re-sent edit) would be a second row. So each
// statement first claims the batch's ids in `ingest_ids` (primary key (stream, id); ON CONFLICT DO NOTHING
// RETURNING), and inserts only the first record of each id it claimed. An id stays claimed for the stream's
// `dedupeWindow` after its first arrival (server/streams/dedupe.ts forgets older ones); (id, ts) stays unique for
// as long as the rows are kept. Anything not inserted is counted `duplicate` by the pipeline.
import type { BatchSink, Stmt } from './ports';
import { streams, type StreamName } from './schema';

export interface DeadLetter {
  topic: string;
  stream: string;
  reason: string;
  payload: Buffer;
}

export const DEAD_LETTER_PAYLOAD_MAX = 4096;

/** Text PostgreSQL accepts: no NUL characters (they can come from a payload, or from an error quoting one). */
export const pgText = (s: string, max: number) => s.slice(0, max).replaceAll('\u0000', '\uFFFD');

/** A payload as text for the dead-letter table: UTF-8 with replacement characters, no NULs, truncated. */
export function payloadText(p: Buffer): string {
  return pgText(p.subarray(0, DEAD_LETTER_PAYLOAD_MAX).toString('utf8'), DEAD_LETTER_PAYLOAD_MAX);
}

/** The first record of each id (a batch may hold a redelivery of its own message). */
function firstPerId(records: any[]): any[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.id) && !!seen.add(r.id));
}

function insertStmt(name: StreamName, records: any[]): Stmt {
  const def = streams[name];
  const cols = def.columns;
  const names = cols.map((c) => c.name).join(', ');
  const unique = firstPerId(records);
  const params: unknown[] = [name, ...cols.map((c) => unique.map((r) => c.value(r)))];
  const args = cols.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ');
  return {
    sql: `WITH batch AS (SELECT * FROM unnest(${args}) AS b(${names})),
      claimed AS (INSERT INTO ingest_ids (stream, id) SELECT $1::text, id FROM batch
                  ON CONFLICT (stream, id) DO NOTHING RETURNING id)
      INSERT INTO ${def.table} (${names}) SELECT b.* FROM batch b JOIN claimed USING (id)
      ON CONFLICT DO NOTHING RETURNING id`,
    params,
  };
}

function deadLetterStmt(dl: DeadLetter[]): Stmt {
  return {
    sql: `INSERT INTO dead_letters (topic, stream, reason, payload, size)
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[])`,
    params: [
      dl.map((d) => pgText(d.topic, 512)),
      dl.map((d) => d.stream),
      dl.map((d) => pgText(d.reason, 1000)),
      dl.map((d) => payloadText(d.payload)),
      dl.map((d) => d.payload.byteLength),
    ],
  };
}

export interface BatchInput {
  records: Map<StreamName, any[]>;
  deadLetters: DeadLetter[];
}

/** Inserts a batch; resolves with the ids that were stored (new), per stream. */
export async function writeBatch(sink: Pick<BatchSink, 'transaction'>, input: BatchInput): Promise<Map<StreamName, Set<string>>> {
  const stmts: Stmt[] = [];
  const names: StreamName[] = [];
  for (const [name, recs] of input.records) {
    if (!recs.length) continue;
    names.push(name);
    stmts.push(insertStmt(name, recs));
  }
  if (input.deadLetters.length) stmts.push(deadLetterStmt(input.deadLetters));
  const stored = new Map<StreamName, Set<string>>();
  if (!stmts.length) return stored;
  const results = await sink.transaction(stmts);
  names.forEach((name, i) => stored.set(name, new Set(results[i].map((r) => r.id as string))));
  return stored;
}

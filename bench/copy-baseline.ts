// The ceiling to compare ingest against: rows/s of a raw COPY (pg-copy-streams) of the same gps rows into the
// same database, and of one multi-row unnest INSERT batch, measured in the same run.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export async function copyCeiling(url: string, rows = 200_000): Promise<{ copyRowsPerSec: number; unnestRowsPerSec: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE TEMP TABLE gps_copy (LIKE gps INCLUDING ALL)`);
    const now = Date.now();
    const line = (i: number) =>
      `c${i}\t${new Date(now - i).toISOString()}\tveh-${i % 500}\t51.1${i % 1000}\t71.4${i % 1000}\t35\t180\t\\N\tsnowplow\tastana-yesil\t${new Date().toISOString()}\n`;
    const t0 = performance.now();
    const stream = c.query(copyFrom(`COPY gps_copy (id, ts, vehicle_id, lat, lon, speed, heading, fuel, kind, district, received_at) FROM STDIN`));
    await pipeline(
      Readable.from(
        (function* () {
          const CH = 5000;
          for (let i = 0; i < rows; i += CH) {
            let s = '';
            for (let j = i; j < Math.min(rows, i + CH); j++) s += line(j);
            yield s;
          }
        })(),
      ),
      stream,
    );
    const copyRowsPerSec = rows / ((performance.now() - t0) / 1000);

    await c.query('TRUNCATE gps_copy');
    const B = 5000;
    const t1 = performance.now();
    for (let i = 0; i < rows; i += B) {
      const n = Math.min(B, rows - i);
      const idx = Array.from({ length: n }, (_, k) => i + k);
      await c.query(
        `INSERT INTO gps_copy (id, ts, vehicle_id, lat, lon, speed, heading, kind, district)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::text[])
         ON CONFLICT DO NOTHING`,
        [idx.map((k) => `u${k}`), idx.map((k) => new Date(now - k).toISOString()), idx.map((k) => `veh-${k % 500}`), idx.map(() => 51.1), idx.map(() => 71.4), idx.map(() => 35), idx.map(() => 180), idx.map(() => 'snowplow'), idx.map(() => 'astana-yesil')],
      );
    }
    const unnestRowsPerSec = rows / ((performance.now() - t1) / 1000);
    return { copyRowsPerSec, unnestRowsPerSec };
  } finally {
    await c.end();
  }
}

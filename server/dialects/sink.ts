// Ingest's batch sink (ingest/ports.ts) over the server's database: ingest brings its SQL, this runs it.
import type { BatchSink } from '../../ingest/ports';
import type { Db } from './types';

export function batchSink(db: Db): BatchSink {
  return {
    transaction: (stmts) => db.transaction(stmts),
    isConnectionError: (err) => db.isConnectionError(err),
    async ping() {
      await db.query('SELECT 1');
    },
  };
}

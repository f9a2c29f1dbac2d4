// Forgets the message ids older than each stream's dedupe window (see ingest/writer.ts): on the leader, once a
// minute, in bounded deletes so that a long backlog never holds a big lock.
import type { Logger } from 'pino';
import type { Db } from '../dialects';
import { streams, type StreamName } from '../../ingest/schema';
import type { Leader } from '../jobs/leader';
import { onLeader } from '../jobs/every';
import { StreamsRepository } from './repository';

const CHUNK = 20_000;

/** Deletes the expired ids of every stream; resolves with how many were deleted, per stream. */
export async function forgetExpiredIds(db: Db): Promise<Partial<Record<StreamName, number>>> {
  const repo = new StreamsRepository(db);
  const out: Partial<Record<StreamName, number>> = {};
  for (const def of Object.values(streams)) {
    let n = 0;
    for (;;) {
      const deleted = await repo.deleteExpiredIds(def.name, def.dedupeWindow, CHUNK);
      n += deleted;
      if (deleted < CHUNK) break;
    }
    out[def.name] = n;
  }
  return out;
}

export function runDedupeCleanup(db: Db, log: Logger, leader: Leader, everyMs = 60_000): () => void {
  return onLeader(leader, everyMs, 'ingest-dedupe', log, async () => {
    const n = await forgetExpiredIds(db);
    log.debug({ forgotten: n }, 'expired ingest ids forgotten');
  });
}

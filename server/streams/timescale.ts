// PGlite has no background workers: TimescaleDB's jobs (continuous-aggregate refresh, compression, retention)
// are run from here on a timer, each at its own schedule interval. A TimescaleDB server runs them itself.
import type { Logger } from 'pino';
import type { Db } from '../dialects';
import type { Leader } from '../jobs/leader';
import { onLeader } from '../jobs/every';
import { StreamsRepository } from './repository';

export function runTimescaleJobs(db: Db, log: Logger, leader: Leader, everyMs = 30_000): () => void {
  if (!db.timescale || db.backgroundWorkers) return () => undefined;
  const repo = new StreamsRepository(db);
  const lastRun = new Map<number, number>();
  return onLeader(leader, everyMs, 'timescaledb', log, async () => {
    const jobs = await repo.timescaleJobs();
    for (const j of jobs) {
      if (Date.now() - (lastRun.get(j.job_id) ?? 0) < j.every * 1000) continue;
      lastRun.set(j.job_id, Date.now());
      const t = Date.now();
      try {
        await repo.runTimescaleJob(j.job_id);
        log.debug({ job: j.job_id, proc: j.proc_name, ms: Date.now() - t }, 'timescaledb job ran');
      } catch (err) {
        log.warn({ job: j.job_id, proc: j.proc_name, err: (err as Error).message }, 'timescaledb job failed');
      }
    }
  }, 2000);
}

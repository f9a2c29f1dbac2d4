// A timer for cluster-wide work: runs `fn` every `ms` on the leader node only, never two runs at once, and a
// failure is logged, not thrown.
import type { Logger } from 'pino';
import type { Leader } from './leader';
import { jobDuration } from './metrics';

export function onLeader(leader: Leader, ms: number, name: string, log: Logger, fn: () => Promise<unknown>, firstAfterMs = 1500): () => void {
  let running = false;
  const run = async () => {
    if (running || !leader.isLeader) return;
    running = true;
    leader.running.add(name);
    const end = jobDuration.startTimer({ job: name });
    try {
      await fn();
      end();
    } catch (err) {
      log.warn({ job: name, err: (err as Error).message }, 'scheduled job failed');
    } finally {
      running = false;
      leader.running.delete(name);
    }
  };
  const first = setTimeout(run, firstAfterMs);
  const t = setInterval(run, ms);
  return () => {
    clearTimeout(first);
    clearInterval(t);
  };
}

// The appeals' timers, run on the leader node only: the SLA deadline clock (30 s) and prediction (5 min), spikes (60 s), systemic problems (10 min),
// closing answered appeals the citizen never confirmed (hourly).
import type { Logger } from 'pino';
import type { Db } from '../dialects';
import type { Leader } from '../jobs/leader';
import { deadlinePass, predictPass } from './sla/clock';
import { onLeader } from '../jobs/every';
import { spikePass } from './detectors/spikes-job';
import { systemicPass } from './detectors/problems';
import type { AppealService } from './service';
import type { LivePublish } from './ports';
import { unconfirmedSince } from './store';

export const UNCONFIRMED_CLOSE_DAYS = 10;

export function startAppealJobs(db: Db, hub: LivePublish, leader: Leader, service: AppealService, log: Logger): () => void {
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => onLeader(leader, ms, name, log, fn);
  const stops = [
    every(30_000, 'sla', () => deadlinePass(db, hub)),
    every(300_000, 'sla-predict', () => predictPass(db, hub)),
    every(60_000, 'spikes', () => spikePass(db, hub)),
    every(600_000, 'systemic', () => systemicPass(db, hub)),
    every(3600_000, 'close-unconfirmed', async () => {
      for (const id of await unconfirmedSince(db, UNCONFIRMED_CLOSE_DAYS))
        await service.transition(id, { action: 'close_unconfirmed', reason: `no confirmation from the citizen in ${UNCONFIRMED_CLOSE_DAYS} days` }, { username: 'system', role: 'system' }).catch(() => undefined);
    }),
  ];
  return () => stops.forEach((s) => s());
}

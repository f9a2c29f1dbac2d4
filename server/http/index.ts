// The system module: what is about the centre as a whole rather than one feature — health and readiness,
// Prometheus metrics, the client's configuration and the live snapshot, the message rates per stream, and the OpenAPI
// description. The rest of
// server/http/ is shared by every module (errors, request logs and metrics, the built client, the semaphore).
import type { Mount } from '../module';
import type { Db } from '../dialects';
import { healthRoutes, type HealthDeps } from './health';
import { openapiRoutes } from './openapi';
import { statsRoutes } from './stats';
import { snapshotRoutes, type SnapshotDeps } from './snapshot';

export type SystemDeps = Omit<HealthDeps, 'io'> &
  Omit<SnapshotDeps, 'mqttUrl'> & {
    config: HealthDeps['config'] & SnapshotDeps['config'];
    /** the rates chart reads the continuous aggregate when TimescaleDB is there */
    db: Pick<Db, 'timescale'>;
  };

export const mountSystem: Mount<SystemDeps> = async (app, io, d) => {
  app.use(healthRoutes({ ...d, io }));
  app.use(snapshotRoutes({ ...d, mqttUrl: d.ingest.mqttUrl }));
  app.use(statsRoutes({ db: d.db }));
  app.use(openapiRoutes());
  return { api: {}, stop: async () => undefined };
};

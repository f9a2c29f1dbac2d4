// The operations feature (issue 13): the dispatcher's side of the centre. Mounted so far: the crews registry
// (`/api/crews`, its tables `crews` and `crew_state_history`, each change on the live-only `crews` stream) and
// GPS from stock devices (`/osmand`: OsmAnd / Traccar Client, into the same gps path as MQTT, registered devices
// only), camera incidents as cases (`/api/incidents`, `/api/cameras`, tables of migration 014, built from the
// stored detections the `incidents` stream's consumer hands over; live-only stream `cases`). Its pure units wait here to be wired: nearest.ts (nearest available crews), cap.ts (CAP 1.2).
// Other modules' data comes in through `Deps`: organisations through the appeals module's api, the live
// picture's last fixes, the ingest pipeline through `submitGps`.
import type { Logger } from 'pino';
import type { Mount } from '../module';
import type { Db } from '../dialects';
import type { Config } from '../config';
import type { AuditApi } from '../audit';
import type { AppealsApi } from '../appeals';
import type { LivePort } from '../live';
import type { GpsEvent } from '../../ingest/schema';
import { Crews } from './crews';
import { CrewsRepository } from './repository';
import { crewRoutes } from './routes';
import { osmandRoutes } from './osmand';
import type { SubmitGps } from './ports';
import { Incidents, IncidentsRepository, incidentRoutes } from './incidents';

export type { SubmitGps } from './ports';
export type { Crews } from './crews';
export type { Incidents } from './incidents';
export type { CapAlert, CapParsed } from './cap';

export interface OperationsDeps {
  /** for the module's own tables (crews, crew_state_history) and the stored gps fixes */
  db: Db;
  log: Logger;
  /** publishes crew changes (live-only stream `crews`) */
  live: Pick<LivePort, 'publish'>;
  /** the live picture's latest fix of a device id, if it is there */
  liveFix(deviceId: string): GpsEvent | undefined;
  appeals: Pick<AppealsApi, 'orgExists'>;
  /** a crew change and its audit row in one statement */
  withAudit: AuditApi['withAudit'];
  /** OsmAnd positions go the MQTT path: the ingest pipeline */
  submitGps: SubmitGps;
  config: Pick<Config, 'OSMAND_RATE_LIMIT' | 'OSMAND_SPEED_UNIT' | 'INCIDENT_MERGE_MIN'>;
}

export interface OperationsApi {
  crews: Crews;
  /** camera incident cases; `incidents.consume` is the `incidents` stream's consumer */
  incidents: Incidents;
}

export const mountOperations: Mount<OperationsDeps, OperationsApi> = async (app, _io, deps) => {
  const repo = new CrewsRepository(deps.db, deps.withAudit);
  const crews = new Crews({ repo, live: deps.live, liveFix: deps.liveFix, orgExists: (id) => deps.appeals.orgExists(id) });
  await crews.start();
  app.use(crewRoutes({ crews }));
  app.use(
    osmandRoutes({
      deviceType: async (deviceId) => (await crews.crewOfDevice(deviceId))?.type ?? null,
      submitGps: deps.submitGps,
      config: deps.config,
    }),
  );
  // camera incidents as cases (server/operations/incidents): /api/incidents, /api/cameras
  const incidents = new Incidents({ repo: new IncidentsRepository(deps.db, deps.withAudit), live: deps.live, log: deps.log, windowMin: deps.config.INCIDENT_MERGE_MIN });
  incidents.start();
  app.use(incidentRoutes({ incidents }));
  return { api: { crews, incidents }, stop: async () => (crews.stop(), await incidents.stop()) };
};

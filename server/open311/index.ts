// Open311 GeoReport v2 as one module: `mountOpen311(app, io, deps)` seeds the API keys from OPEN311_API_KEYS and
// registers the GeoReport endpoints (/open311/v2/) and the admin's key management (/api/open311-keys). It reads and
// takes in appeals only through the appeals module's api; its own table is `open311_keys` (keys.ts).
import type { Logger } from 'pino';
import type { Mount } from '../module';
import type { Db } from '../dialects';
import type { Config } from '../config';
import type { AppealsApi } from '../appeals';
import type { AuditApi } from '../audit';
import { ApiKeys } from './keys';
import { open311Routes } from './routes';
import { apiKeyRoutes } from './admin';

export interface Open311Deps {
  /** for the module's own table, open311_keys */
  db: Db;
  log: Logger;
  appeals: Pick<AppealsApi, 'publicAppeals' | 'publicUpdates' | 'orgName' | 'intake'>;
  config: Pick<Config, 'OPEN311_API_KEYS'>;
  /** the audit row in the key's own statement */
  withAudit: AuditApi['withAudit'];
}

export interface Open311Api {
  keys: ApiKeys;
}

export const mountOpen311: Mount<Open311Deps, Open311Api> = async (app, _io, deps) => {
  const keys = new ApiKeys(deps.db, deps.withAudit);
  if (deps.config.OPEN311_API_KEYS) await keys.seed(deps.config.OPEN311_API_KEYS.split(',').map((k) => k.trim()).filter(Boolean));
  app.use(apiKeyRoutes({ keys }));
  app.use(open311Routes({ log: deps.log, keys, appeals: deps.appeals }));
  return { api: { keys }, stop: async () => {} };
};

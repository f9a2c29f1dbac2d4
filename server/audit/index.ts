// The audit feature: the append-only, hash-chained audit log (server/audit/log.ts), its SQL
// (repository.ts) and its admin routes. Other modules take what they need of `AuditApi` as a dependency:
// `record` for an audit row on its own, `insert`/`withAudit` to put the row into the statement of the change
// it records (the change and its audit row commit together). They import only types from this file.
import type { Db } from '../dialects';
import type { Mount } from '../module';
import { auditEntryText, auditInsert, withAudit, type AuditEntry } from './entries';
import { AuditLog } from './log';
import { AuditRepository } from './repository';
import { auditRoutes } from './routes';

export type { AuditEntry };

/** Writes one audit row on its own. */
export type RecordAudit = (e: AuditEntry) => Promise<void>;

export interface AuditDeps {
  db: Db;
}

export interface AuditApi {
  record: RecordAudit;
  /** the INSERT of an audit row, for the transaction of the change it records */
  insert: typeof auditInsert;
  /** a change (`… RETURNING`) and its audit row as one statement */
  withAudit: typeof withAudit;
  /** the `entry` column of a row (for INSERTs that compute the other columns themselves) */
  entryText: typeof auditEntryText;
  /** is there an entry by this actor with this action and target? (an appeal's creator may retry its id) */
  hasEntry: AuditRepository['hasEntry'];
  /** the log itself: record and verify */
  log: AuditLog;
}

export const mountAudit: Mount<AuditDeps, AuditApi> = async (app, _io, { db }) => {
  const repo = new AuditRepository(db);
  const log = new AuditLog(repo);
  app.use(auditRoutes({ repo, log }));
  return {
    api: { record: (e) => log.record(e), insert: auditInsert, withAudit, entryText: auditEntryText, hasEntry: (q) => repo.hasEntry(q), log },
    stop: async () => undefined,
  };
};

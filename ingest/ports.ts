// What ingest needs from whoever runs it. Ingest imports nothing from server/: the server implements these ports
// over its own database (server/dialects/sink.ts) and wires them in server/centre.ts; a test can wire them alone.
//
// The SQL stays ingest's (ingest/writer.ts: the stream tables, `ingest_ids`, `dead_letters`, whose columns the
// wire schema declares); the sink only runs it, all or nothing.

/** One parameterised SQL statement. */
export interface Stmt {
  sql: string;
  params?: unknown[];
}

export type Row = Record<string, unknown>;

/** Where batches go: one transaction per batch. */
export interface BatchSink {
  /**
   * Runs the statements in one transaction and resolves with each statement's rows, in order. Rejects (and
   * nothing is kept) when the database refuses a row, or when it cannot be reached: `isConnectionError` tells which.
   */
  transaction(stmts: Stmt[]): Promise<Row[][]>;
  /** True when the error means the database is unreachable (spool and retry later), not that the data is bad. */
  isConnectionError(err: unknown): boolean;
  /** Resolves when the database answers (the probe while messages are spooled). */
  ping(): Promise<void>;
}

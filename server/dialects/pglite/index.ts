// Driver for the embedded default: PGlite with TimescaleDB in a worker thread, behind a small message interface.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isConnectionError, type Db, type Stmt } from '../types';
import { lockDataDir } from './lock';

interface Reply {
  id?: number;
  ok?: boolean;
  rows?: any;
  error?: { message: string; code?: string; detail?: string };
  ready?: boolean;
}

class PgliteError extends Error {
  constructor(e: { message: string; code?: string; detail?: string }) {
    super(e.message);
    Object.assign(this, { code: e.code, detail: e.detail });
  }
}

export async function openPglite(dataDir: string, log: Logger): Promise<Db> {
  const unlock = lockDataDir(dataDir);
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { dataDir: join(dataDir, 'pg') } });
  const pending = new Map<number, { resolve: (r: any) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let gone: Error | null = null;

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: Reply) => (m.ready ? resolve() : reject(new Error('unexpected first message'))));
  }).catch((e) => {
    unlock();
    throw e;
  });
  worker.on('message', (m: Reply) => {
    const p = m.id !== undefined ? pending.get(m.id) : undefined;
    if (!p) return;
    pending.delete(m.id!);
    if (m.ok) p.resolve(m.rows);
    else p.reject(new PgliteError(m.error!));
  });
  const fail = (err: Error) => {
    gone = new Error(`PGlite worker is gone: ${err.message}`);
    log.error({ err: err.message }, 'embedded database worker stopped');
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));

  const call = (msg: Record<string, unknown>): Promise<any> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...msg });
    });
  };

  return {
    kind: 'pglite-timescaledb',
    timescale: true,
    backgroundWorkers: false,
    query: (sql, params) => call({ op: 'query', sql, params }),
    exec: (sql) => call({ op: 'exec', sql }),
    transaction: (stmts: Stmt[]) => call({ op: 'tx', stmts }),
    isConnectionError,
    async close() {
      if (!gone) {
        await call({ op: 'close' }).catch(() => undefined);
        worker.removeAllListeners('exit');
        await worker.terminate();
        // calls after close (a timer's job still under way) fail instead of waiting forever for a reply
        gone = new Error('database is closed');
        for (const p of pending.values()) p.reject(gone);
        pending.clear();
      }
      unlock();
    },
  };
}

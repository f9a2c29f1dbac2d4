// What every benchmark needs: a schema of its own in the real PostgreSQL, a server process started as
// `npm start` starts it (with real Mosquitto), and an admin token.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MQTT = process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
export const ADMIN_PASSWORD = 'bench-admin-password';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/** A fresh schema; `url` makes it the search_path. */
export async function benchSchema(name: string): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `${name}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    schema,
    url: `${PG}${PG.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const a = new pg.Client({ connectionString: PG });
      await a.connect();
      await a.query(`DROP SCHEMA ${schema} CASCADE`);
      await a.end();
    },
  };
}

export interface BenchServer {
  proc: ChildProcess;
  base: string;
  token(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts `server/main.ts` against the given database, resolves when it prints its dashboard URL. */
export function startServer(env: Record<string, string>): Promise<BenchServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, MQTT_URL: MQTT, SIMULATOR: 'off', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b) => {
      out += b;
      const m = /Dashboard:\s+(http:\/\/\S+)\//.exec(out);
      if (m)
        resolve({
          proc,
          base: m[1],
          async token() {
            const r = await fetch(`${m[1]}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
            return ((await r.json()) as { token: string }).token;
          },
          async stop() {
            proc.kill('SIGTERM');
            await new Promise((r) => proc.once('exit', r));
          },
        });
    });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

/** Resident set size of a process, MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

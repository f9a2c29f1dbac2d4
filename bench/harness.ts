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

/** The Node flags of `npm start` (package.json), so that a benchmark measures the server as it is run. */
export function serverNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start;
  return start.split(/\s+/).filter((a) => a.startsWith('--max-'));
}

/** Starts `server/main.ts` against the given database, resolves when it prints its dashboard URL. */
export function startServer(env: Record<string, string>): Promise<BenchServer> {
  const proc = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', 'server/main.ts'], {
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

/** One scrape of the server's /metrics: `name{labels}` → value. */
export async function scrape(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** Sum of every series of `name` (all label sets) in a scrape. */
export function metricSum(m: Map<string, number>, name: string, labelHas = ''): number {
  let s = 0;
  for (const [k, v] of m) if ((k === name || k.startsWith(`${name}{`)) && k.includes(labelHas)) s += v;
  return s;
}

/** Busy share of all cores since the previous call (from /proc/stat), 0–100. */
export function machineBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  let last = read();
  return () => {
    const now = read();
    const busy = 100 * (1 - (now.idle - last.idle) / Math.max(1, now.total - last.total));
    last = now;
    return busy;
  };
}

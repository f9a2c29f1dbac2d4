// Starts a whole centre in this process against real services, isolated by schema and topic prefix.
import { startCentre, type Centre } from '../../server/centre';
import type { Config } from '../../server/config';
import type { Role } from '../../server/access/roles';
import { DB_KIND, freshSchema, MOSQUITTO_URL, quietLog, tmpDir, uid, type DbKindUnderTest } from './services';

export interface TestCentre extends Centre {
  prefix: string;
  schemaUrl?: string;
  /** an admin's access token */
  token: string;
  /** a token for any role, territory and organisations (minted directly; login itself is tested in auth tests) */
  tokenFor(role: Role, districts?: string[] | null, organisations?: string[]): Promise<string>;
  /** a token of a named account (made when missing) with its own role, territory and organisations */
  tokenAs(u: { username: string; role: Role; districts?: string[] | null; organisations?: string[] }): Promise<string>;
  /** GET as admin (or with the given token, or none when token is ''), JSON parsed with the HTTP status as `http` */
  get(path: string, token?: string): Promise<any>;
  send(method: string, path: string, body?: unknown, token?: string): Promise<any>;
  cleanup(): Promise<void>;
}

/**
 * A centre on the database kind under test (TEST_DB_KIND, see services.ts) with the real Mosquitto:
 * the TimescaleDB server, plain PostgreSQL (the extension declined), or the embedded PGlite build.
 * `dbUrl` rewrites the server URL (a proxy); it needs a server kind.
 */
export async function pgCentre(over: Partial<Config> = {}, dbUrl?: (url: string) => string, kind: DbKindUnderTest = DB_KIND): Promise<TestCentre> {
  const prefix = `test/${uid()}/`;
  const common = { MQTT_URL: MOSQUITTO_URL, MQTT_TOPIC_PREFIX: prefix, MQTT_CLIENT_ID: uid('centre'), PORT: 0, HOST: '127.0.0.1', SIMULATOR: false };
  if (kind === 'pglite') {
    if (dbUrl) throw new Error('pgCentre: a database URL rewrite needs a server (TEST_DB_KIND=timescaledb or postgres)');
    const c = (await startCentre({ ...common, DATA_DIR: tmpDir('pglite'), ...over }, { log: quietLog })) as TestCentre;
    return await decorate(c, prefix, () => c.stop());
  }
  const schema = await freshSchema({ timescale: kind === 'timescaledb' });
  const c = (await startCentre(
    {
      ...common,
      DATABASE_URL: dbUrl ? dbUrl(schema.url) : schema.url,
      TIMESCALEDB: kind === 'timescaledb' ? 'on' : 'off',
      DATA_DIR: tmpDir(),
      ...over,
    },
    { log: quietLog },
  )) as TestCentre;
  return await decorate(c, prefix, async () => {
    await c.stop();
    await schema.drop();
  }, schema.url);
}

export async function embeddedCentre(over: Partial<Config> = {}): Promise<TestCentre> {
  const c = (await startCentre(
    { PORT: 0, HOST: '127.0.0.1', MQTT_PORT: 21883, SIMULATOR: false, DATA_DIR: tmpDir('pglite'), ...over },
    { log: quietLog },
  )) as TestCentre;
  return await decorate(c, c.config.MQTT_TOPIC_PREFIX, () => c.stop());
}

async function decorate(c: TestCentre, prefix: string, cleanup: () => Promise<void>, schemaUrl?: string): Promise<TestCentre> {
  c.prefix = prefix;
  c.schemaUrl = schemaUrl;
  // a test may stop a centre itself (a restart) before its cleanup stops it again
  const stop = c.stop;
  let stopped: Promise<void> | undefined;
  c.stop = () => (stopped ??= stop());
  // a real account (tokens of deleted or disabled accounts are refused), which cannot log in with a password
  c.tokenAs = async ({ username, role, districts = null, organisations = [] }) => {
    const [u] = await c.db.query<{ id: string; token_version: number }>(
      `INSERT INTO users (username, password_hash, role, districts, organisations) VALUES ($1, '!', $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING id, token_version`,
      [username, role, districts, organisations],
    );
    return c.tokens.access({ sub: String(u.id), username, role, districts, organisations, kind: 'user' }, { ver: Number(u.token_version) });
  };
  c.tokenFor = (role, districts = null, organisations = []) => c.tokenAs({ username: `test-${role}`, role, districts, organisations });
  c.token = await c.tokenFor('admin');
  c.send = async (method, path, body, token = c.token) => {
    const r = await fetch(c.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const type = r.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const j = await r.json();
      return Array.isArray(j) ? Object.assign(j, { http: r.status }) : { ...j, http: r.status };
    }
    return Object.assign(new String(await r.text()), { http: r.status });
  };
  c.get = (path, token) => c.send('GET', path, undefined, token);
  c.cleanup = cleanup;
  return c;
}

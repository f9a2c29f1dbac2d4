// Starts a whole centre in this process against real services, isolated by schema and topic prefix.
import { startCentre, type Centre } from '../../server/centre';
import type { Config } from '../../server/config';
import { freshSchema, MOSQUITTO_URL, quietLog, tmpDir, uid } from './services';

export interface TestCentre extends Centre {
  prefix: string;
  schemaUrl?: string;
  get(path: string): Promise<any>;
  cleanup(): Promise<void>;
}

export async function pgCentre(over: Partial<Config> = {}, dbUrl?: (url: string) => string): Promise<TestCentre> {
  const schema = await freshSchema();
  const prefix = `test/${uid()}/`;
  const c = (await startCentre(
    {
      DATABASE_URL: dbUrl ? dbUrl(schema.url) : schema.url,
      MQTT_URL: MOSQUITTO_URL,
      MQTT_TOPIC_PREFIX: prefix,
      MQTT_CLIENT_ID: uid('centre'),
      PORT: 0,
      HOST: '127.0.0.1',
      SIMULATOR: false,
      DATA_DIR: tmpDir(),
      ...over,
    },
    { log: quietLog },
  )) as TestCentre;
  return decorate(c, prefix, async () => {
    await c.stop();
    await schema.drop();
  }, schema.url);
}

export async function embeddedCentre(over: Partial<Config> = {}): Promise<TestCentre> {
  const c = (await startCentre(
    { PORT: 0, HOST: '127.0.0.1', MQTT_PORT: 21883, SIMULATOR: false, DATA_DIR: tmpDir('pglite'), ...over },
    { log: quietLog },
  )) as TestCentre;
  return decorate(c, c.config.MQTT_TOPIC_PREFIX, () => c.stop());
}

function decorate(c: TestCentre, prefix: string, cleanup: () => Promise<void>, schemaUrl?: string): TestCentre {
  c.prefix = prefix;
  c.schemaUrl = schemaUrl;
  c.get = async (path: string) => {
    const r = await fetch(c.url + path);
    const type = r.headers.get('content-type') ?? '';
    return type.includes('json') ? { status: r.status, ...(await r.json()) } : r.text();
  };
  c.cleanup = cleanup;
  return c;
}

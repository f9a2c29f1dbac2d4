// The embedded broker (aedes), started when MQTT_URL is not set. It listens on the wanted port, or the next free
// one when that is taken (Mosquitto may hold 1883), so devices and mosquitto_pub can publish to it.
import net from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from 'pino';
import { listen } from '../server/listen';

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(opts: { host?: string; port: number; log: Logger }): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker();
  const server = net.createServer(aedes.handle);
  const host = opts.host ?? '0.0.0.0';
  const port = await listen(server, host, opts.port, true);
  aedes.on('clientError', (client, err) => opts.log.debug({ client: client?.id, err: err.message }, 'mqtt client error'));
  const url = `mqtt://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  if (port !== opts.port) opts.log.warn({ wanted: opts.port, port }, `port ${opts.port} is taken; embedded MQTT broker uses ${port}`);
  return {
    url,
    port,
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

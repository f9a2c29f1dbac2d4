// socket.io's Redis adapter: with REDIS_URL, a room emit on one node reaches that room's clients on every node.
import { createClient } from 'redis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';

export async function redisAdapter(url: string, log: Logger) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err) => log.warn({ err: err.message }, 'redis adapter error'));
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    factory: createAdapter(pub, sub, { key: 'sc:socket.io' }),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

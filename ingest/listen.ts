// Listens on a port; when `fallback` is set and the port is taken, on the next free one (the embedded broker
// next to a Mosquitto on 1883, a second `npm start` next to the first).
import type net from 'node:net';

export async function listen(server: net.Server, host: string, port: number, fallback: boolean): Promise<number> {
  let p = port;
  for (let tries = 0; ; tries++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const addr = server.address();
      return typeof addr === 'object' && addr ? addr.port : p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !fallback || tries > 50) throw e;
      p++;
    }
  }
}

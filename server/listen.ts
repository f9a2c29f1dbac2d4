// Listens on the configured port; with no PORT set, on 3000 or the next free port.
import type http from 'node:http';

export async function listen(server: http.Server, host: string, port: number | undefined): Promise<number> {
  let p = port ?? 3000;
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
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== undefined || tries > 50) throw e;
      p++;
    }
  }
}

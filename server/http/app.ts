// The express app every module mounts on: security headers (CSP), request ids and logs, HTTP metrics, JSON
// bodies. Authentication is the auth module's (mountAuth installs it before any feature's routes).
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { httpMetrics, requestLogging } from './observe';
import { errorCodes } from './errors';

export function createApp(config: Pick<Config, 'TRUST_PROXY' | 'TILE_URL'>, log: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Leaflet and ECharts set inline style attributes
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(config.TILE_URL ? [new URL(config.TILE_URL.replace(/\{[a-z]\}/g, '0')).origin] : [])],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          workerSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(requestLogging(log));
  app.use(httpMetrics);
  // every 4xx JSON gets a stable `code` the client translates (errors.ts)
  app.use(errorCodes);
  // /osmand (devices, no token) reads its own small bodies, whatever their type (server/operations/osmand.ts)
  const json = express.json({ limit: '256kb' });
  app.use((req, res, next) => (/^\/osmand\/?$/i.test(req.path) ? next() : json(req, res, next)));
  return app;
}

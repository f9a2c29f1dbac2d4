// `GET /osmand?id=…&lat=…&lon=…` and `POST /osmand` (form or Traccar Client JSON) on the centre's HTTP port: GPS
// from stock devices (OsmAnd, Traccar Client). The request is decoded by ingest/protocols/osmand.ts into the same
// `gps` message an MQTT device publishes on `<prefix>gps/<deviceId>` and handed to the same path (the ingest
// pipeline: validated, stored, on the live stream and the map). Only a registered device (a crew's `deviceId`) is
// taken: an unknown one gets 403, is counted (`osmand_unknown_device_total`) and never drawn. The path needs no
// token (devices cannot sign in), so it is rate-limited per client IP (`OSMAND_RATE_LIMIT` a minute) and its body
// is read only up to 4 KB.
import express, { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import client from 'prom-client';
import { decodeOsmAnd, type SpeedUnit } from '../../ingest/protocols/osmand';
import { HttpError } from '../http/errors';
import { vehicleKindOf, type CrewType } from '../../ingest/schema';
import type { SubmitGps } from './ports';

export const OSMAND_MAX_BODY = 4 * 1024;
/** how long a request waits for the pipeline to commit (or spool) its position before it answers 503 */
const COMMIT_WAIT_MS = 5000;

const unknownDevice = new client.Counter({ name: 'osmand_unknown_device_total', help: 'OsmAnd / Traccar-client requests from a device id no crew has (refused with 403, never drawn)' });
const requests = new client.Counter({
  name: 'osmand_requests_total',
  help: 'OsmAnd / Traccar-client requests by result: accepted | unknown_device | invalid | rate_limited | busy',
  labelNames: ['result'] as const,
});

export interface OsmAndPorts {
  /** the crew type of a registered device, or null (unknown device) */
  deviceType(deviceId: string): Promise<CrewType | null>;
  submitGps: SubmitGps;
  config: { OSMAND_RATE_LIMIT: number; OSMAND_SPEED_UNIT: SpeedUnit };
}

export function osmandRoutes(p: OsmAndPorts): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: p.config.OSMAND_RATE_LIMIT,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `osmand|${ipKeyGenerator(req.ip ?? '')}`,
    handler: (_req, res) => {
      requests.inc({ result: 'rate_limited' });
      res.status(429).json({ error: 'too_many_requests', code: 'request.too_many', message: 'too many positions from your address; slow down' });
    },
  });
  // any content type, as text (form, JSON, or nothing): the decoder reads it; the app's JSON parser skips /osmand
  const body = express.text({ type: () => true, limit: OSMAND_MAX_BODY });

  const handle: express.RequestHandler = async (req, res) => {
    const q = req.originalUrl.indexOf('?');
    const decoded = decodeOsmAnd(
      { query: q >= 0 ? req.originalUrl.slice(q + 1) : '', contentType: req.headers['content-type'], body: typeof req.body === 'string' ? req.body : undefined },
      { speedUnit: p.config.OSMAND_SPEED_UNIT },
    );
    if (!decoded.ok) {
      requests.inc({ result: 'invalid' });
      throw new HttpError(400, `${decoded.field}: ${decoded.message}`, decoded.field, 'osmand.invalid');
    }
    const type = await p.deviceType(decoded.deviceId);
    if (!type) {
      unknownDevice.inc();
      requests.inc({ result: 'unknown_device' });
      throw new HttpError(403, `device ${decoded.deviceId} is not registered to a crew`, decoded.format === 'json' ? 'device_id' : 'id', 'osmand.unknown_device');
    }
    const committed = await Promise.race([
      p.submitGps(decoded.deviceId, { ...decoded.message, kind: decoded.message.kind ?? vehicleKindOf[type] }).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), COMMIT_WAIT_MS).unref()),
    ]);
    if (!committed) {
      requests.inc({ result: 'busy' });
      throw new HttpError(503, 'the position could not be stored in time; send it again', undefined, 'osmand.busy');
    }
    requests.inc({ result: 'accepted' });
    res.status(200).end();
  };

  r.get('/osmand', limiter, handle);
  r.post('/osmand', limiter, body, handle);
  return r;
}

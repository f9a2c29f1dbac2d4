// GET /api/config: what the client needs to draw the city. GET /api/snapshot: the current picture + cursor.
import { Router } from 'express';
import { z } from 'zod';
import { liveStreamNames, type CentreConfig, type LiveStreamName, type Snapshot } from '../../ingest/schema';
import { ATTRIBUTION, cities, districtIds } from '../../maps/districts';
import type { Config } from '../config';
import type { LiveState } from '../live';
import { HttpError, parseOr400 } from './errors';
import { requirePerm } from '../access/guard';
import { scopeDistricts, type Principal } from '../access/principal';
import { redactUrl } from '../../ingest/url';

/** The districts a request may see, or a 403 naming the first one it may not. */
export function scoped(p: Principal, requested: string[] | undefined): string[] | null {
  const s = scopeDistricts(p, requested);
  if ('forbidden' in s) throw new HttpError(403, `district ${s.forbidden} is outside your territory`, 'districts');
  return s.districts;
}

const csv = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item));

const snapshotQuery = z.object({
  streams: csv(z.enum(liveStreamNames as [LiveStreamName, ...LiveStreamName[]])).optional(),
  districts: csv(z.enum(districtIds as [string, ...string[]])).optional(),
});

export interface SnapshotDeps {
  config: Pick<Config, 'CITY' | 'TILE_URL' | 'MQTT_TOPIC_PREFIX' | 'VEHICLE_OFFLINE_MIN'>;
  version: string;
  /** the broker's URL for display (redacted again here) */
  mqttUrl: string;
  state: Pick<LiveState, 'snapshot'>;
}

export function snapshotRoutes(c: SnapshotDeps): Router {
  const r = Router();
  // the city, its districts and its clock: every signed-in screen names districts and shows times in the city's
  // zone, an executor's or an analyst's (no live map) too
  r.get('/api/config', (req, res) => {
    if (!req.principal) {
      res.status(401).json({ error: 'unauthorized', message: 'a valid bearer token is required' });
      return;
    }
    const city = cities[c.config.CITY];
    res.json({
      city: { id: city.id, name: city.name, center: city.center, zoom: city.zoom },
      timeZone: city.timeZone,
      tileUrl: c.config.TILE_URL ?? null,
      attribution: ATTRIBUTION,
      version: c.version,
      mqttUrl: redactUrl(c.mqttUrl),
      topicPrefix: c.config.MQTT_TOPIC_PREFIX,
      vehicleOfflineMin: c.config.VEHICLE_OFFLINE_MIN,
      districts: city.districts,
    } satisfies CentreConfig);
  });
  r.get('/api/snapshot', requirePerm('live:read'), (req, res) => {
    const q = parseOr400(snapshotQuery, req.query);
    const streams = new Set(q.streams?.length ? q.streams : liveStreamNames);
    const districts = scoped(req.principal!, q.districts);
    res.json(c.state.snapshot(streams, districts ? new Set(districts) : null) satisfies Snapshot);
  });
  return r;
}

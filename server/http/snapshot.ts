// GET /api/config: what the client needs to draw the city. GET /api/snapshot: the current picture + cursor.
import { Router } from 'express';
import { z } from 'zod';
import { streamNames, type StreamName } from '../../ingest/schema';
import { ATTRIBUTION, cities, districtIds } from '../../maps/districts';
import type { Centre } from '../centre';
import { parseOr400 } from './errors';

const csv = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .max(2000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item));

const snapshotQuery = z.object({
  streams: csv(z.enum(streamNames as [StreamName, ...StreamName[]])).optional(),
  districts: csv(z.enum(districtIds as [string, ...string[]])).optional(),
});

export function snapshotRoutes(c: Centre): Router {
  const r = Router();
  r.get('/api/config', (_req, res) => {
    const city = cities[c.config.CITY];
    res.json({
      city: { id: city.id, name: city.name, center: city.center, zoom: city.zoom },
      tileUrl: c.config.TILE_URL ?? null,
      attribution: ATTRIBUTION,
      version: c.version,
      mqttUrl: c.mqttUrl,
      topicPrefix: c.config.MQTT_TOPIC_PREFIX,
      districts: city.districts,
    });
  });
  r.get('/api/snapshot', (req, res) => {
    const q = parseOr400(snapshotQuery, req.query);
    const streams = new Set(q.streams?.length ? q.streams : streamNames);
    res.json(c.state.snapshot(streams, q.districts?.length ? new Set(q.districts) : null));
  });
  return r;
}

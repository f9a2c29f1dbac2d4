// Detections by the video analytics of city cameras (`incidents/cctv`) and by field sensors (`incidents/sensor`).
// Each camera and sensor stands at a fixed place in a district; what it sees follows the season.
import { incidentTypes } from '../schema';
import { CAMERAS, incidentWeights, localMonth } from './profile';
import { near, pickDistrict, pointIn, type DistrictBox, type LatLon } from './geo';
import type { Ids, Message } from './message';
import { between, choice, pick, type Rnd } from './random';

type IncidentType = (typeof incidentTypes)[number];

interface Device extends LatLon {
  id: string;
  source: 'cctv' | 'sensor';
  district: DistrictBox;
  /** what a sensor can report (a camera reports anything) */
  types?: IncidentType[];
}

/** Sensor kinds: water level, manhole lid, smoke, lamp current (assumption). */
const sensorKinds: { prefix: string; types: IncidentType[] }[] = [
  { prefix: 'level', types: ['flooding'] },
  { prefix: 'lid', types: ['open_manhole'] },
  { prefix: 'smoke', types: ['fire_smoke'] },
  { prefix: 'lamp', types: ['streetlight_out'] },
];

export class IncidentGenerator {
  private cameras: Device[] = [];
  private sensors: Device[] = [];

  constructor(
    districts: DistrictBox[],
    private ids: Ids,
    private rnd: Rnd,
    cameras = 400,
    sensors = 80,
  ) {
    // a sample of the city's cameras, numbered as in the centre's register
    const numbers = new Set<number>();
    while (numbers.size < Math.min(cameras, CAMERAS)) numbers.add(1 + Math.floor(rnd() * CAMERAS));
    for (const n of numbers) {
      const district = pickDistrict(districts, rnd);
      this.cameras.push({ id: `cam-${String(n).padStart(5, '0')}`, source: 'cctv', district, ...pointIn(district, rnd) });
    }
    for (let i = 0; i < sensors; i++) {
      const district = pickDistrict(districts, rnd);
      const kind = sensorKinds[i % sensorKinds.length];
      this.sensors.push({ id: `sensor-${kind.prefix}-${String(i + 1).padStart(3, '0')}`, source: 'sensor', district, types: kind.types, ...pointIn(district, rnd) });
    }
  }

  incident(now: number): Message {
    const weights = incidentWeights(localMonth(now));
    let type = pick(weights, this.rnd());
    // sensors cover a few types; one in ten detections of those comes from a sensor
    const sensors = this.sensors.filter((s) => s.types!.includes(type));
    const device = sensors.length && this.rnd() < 0.1 ? choice(sensors, this.rnd) : choice(this.cameras, this.rnd);
    if (device.types && !device.types.includes(type)) type = device.types[0];
    const sensor = device.source === 'sensor';
    return {
      topic: `incidents/${device.source}`,
      payload: {
        id: this.ids.next('i'),
        ts: new Date(now).toISOString(),
        cameraId: device.id,
        type,
        // a camera sees what is in front of it, up to ~60 m away; a sensor is where it stands
        confidence: Math.round((sensor ? between(0.9, 1, this.rnd) : 0.5 + 0.49 * Math.sqrt(this.rnd())) * 100) / 100,
        ...(sensor ? { lat: device.lat, lon: device.lon } : near(device.district, device, 60, this.rnd)),
        // no snapshotUrl: a made-up address would show as a broken image on the wall
      },
    };
  }
}

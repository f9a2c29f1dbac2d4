// Colours of the map's points (also shown in the map legend).
// (types only from the schema module: importing its values would pull zod into the wall's bundle)
import type { GpsEvent } from '../../../../ingest/schema';

export type VehicleKind = NonNullable<GpsEvent['kind']>;
/** one colour for every crew kind of the schema (the type makes a missing kind a compile error) */
export const vehicleColour: Record<VehicleKind, string> = {
  snowplow: '#7fd1ff',
  sanitation: '#8be37a',
  road: '#c0ca33',
  heat: '#ff8a65',
  power: '#ffd54f',
  water: '#3d8bff',
  gas: '#e57bd8',
  emergency: '#ff3b3b',
};
export const vehicleUnknown = '#b0bec5';
/** a vehicle not reporting (silent longer than VEHICLE_OFFLINE_MIN): a hollow grey square */
export const vehicleOffline = '#8a949e';
export const vehicleKinds = Object.keys(vehicleColour) as VehicleKind[];
export const slaColour: Record<string, string> = { on_time: '#e0e6ed', at_risk: '#ffb74d', overdue: '#ff5252', met: '#81c784', missed: '#e57373' };
export const incidentColour = '#ff9800';
export const outlineColour = '#08101a';
export const appealColour = (sla?: string) => slaColour[sla ?? 'on_time'] ?? slaColour.on_time;

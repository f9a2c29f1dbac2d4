// Online / offline as Traccar shows it: a vehicle whose last fix is older than the silence threshold
// (`VEHICLE_OFFLINE_MIN`, sent as `vehicleOfflineMin` in /api/config) is "not reporting" — drawn hollow and grey,
// counted apart, its popup saying since when. A fix time in the future (a device clock ahead) counts as online.

export const DEFAULT_OFFLINE_MIN = 5;

/** The threshold in ms from the configuration's minutes (absent or invalid: the default). */
export function offlineMs(vehicleOfflineMin?: number | null): number {
  const m = typeof vehicleOfflineMin === 'number' && Number.isFinite(vehicleOfflineMin) && vehicleOfflineMin > 0 ? vehicleOfflineMin : DEFAULT_OFFLINE_MIN;
  return m * 60_000;
}

/** Whether a vehicle whose last fix was at `t` (epoch ms) is offline at `now`. */
export function isOffline(t: number, now: number, thresholdMs: number): boolean {
  return Number.isFinite(t) && now - t > thresholdMs;
}

/** Vehicles on line and not reporting. */
export function countVehicles(fixes: Iterable<{ ts: string }>, now: number, thresholdMs: number): { online: number; offline: number } {
  let online = 0;
  let offline = 0;
  for (const v of fixes) {
    if (isOffline(Date.parse(v.ts), now, thresholdMs)) offline++;
    else online++;
  }
  return { online, offline };
}

// How a point looks with age: fully visible when new, fading over an hour; a new point pulses for 3 s.
export const FADE_MS = 60 * 60_000;
export const PULSE_MS = 3000;

/** Opacity 1 → 0.15 over FADE_MS (never fully invisible while on the map). */
export function opacity(ageMs: number): number {
  if (ageMs <= 0) return 1;
  if (ageMs >= FADE_MS) return 0.15;
  return 1 - 0.85 * (ageMs / FADE_MS);
}

/** Extra radius of a pulse ring for a new point, or 0. */
export function pulse(ageMs: number, r: number): number {
  return ageMs >= 0 && ageMs < PULSE_MS ? r * (1 + 3 * (ageMs / PULSE_MS)) : 0;
}


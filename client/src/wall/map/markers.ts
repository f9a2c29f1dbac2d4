// How big the map's markers are.

/**
 * Marker sizes (CSS px) for a zoom level: small at city scale, larger when zoomed in, smaller when very dense.
 * `ui` is the screen's type scale relative to 1080p (2 on a 4K wall): the same city view then has a zoom one
 * level higher, and markers keep their size relative to the rest of the screen.
 */
export function markerSize(zoom: number, dense: boolean, ui = 1): { appeal: number; incident: number; vehicle: number } {
  const z = zoom - Math.log2(ui);
  const r = (Math.max(2.5, Math.min(6, z - 7.5)) - (dense ? 1 : 0)) * ui;
  return { appeal: r, incident: r + 1.5 * ui, vehicle: r + 0.5 * ui };
}

// One Leaflet layer that owns the canvas of all live points: vehicles, appeals and incidents. No DOM markers and
// no per-point Leaflet objects — 10k vehicles + 50k points would freeze either.
//
// How it works
// - The canvas sits in a map pane, like Leaflet's own renderers, a little larger than the view (PADDING on each
//   side): while the map is dragged the browser just moves it; it is redrawn when a move or zoom ends.
// - Points are projected once on arrival (LiveData.points holds Web-Mercator 0…1 coordinates and parsed times),
//   so a frame is: scale + shift each point, stamp its pre-rendered shape into an RGBA buffer (raster.ts), one
//   putImageData. No paths, no per-point canvas calls; with or without a GPU.
// - Appeals and incidents fade with age (fade.ts); vehicles are drawn last, on top, coloured by crew kind.
// - New points pulse: rings on a second, small-cost canvas animated with requestAnimationFrame while any pulse
//   is running, without redrawing the points.
// - Data changes are coalesced: at most one redraw per animation frame, and no more often than a few times the
//   cost of the last draw (a 20 ms draw is not repeated 20 times a second because events arrive at 20 Hz).
import L from 'leaflet';
import type { LiveData, MapPoint } from '../../live/data';
import { opacity, pulse, PULSE_MS } from './fade';
import { appealColour, incidentColour, outlineColour, vehicleColour, vehicleOffline, vehicleUnknown } from './colours';
import { diamond, disc, frame, packRgb, Raster, square, type Stamp } from './raster';
import { isOffline } from '../../live/vehicles';
import { markerSize } from './markers';

export interface LayerToggles {
  vehicles: boolean;
  appeals: boolean;
  incidents: boolean;
}

const PANE = 'livePoints';
const PADDING = 0.1;
const MAX_DPR = 2;

/** The type scale relative to 1080p (root font 15 px there). */
const uiScale = () => Math.max(1, (parseFloat(getComputedStyle(document.documentElement).fontSize) || 15) / 15);

const packed = new Map<string, number>();
const pack = (hex: string) => packed.get(hex) ?? (packed.set(hex, packRgb(hex)), packRgb(hex));

export class PointsLayer extends L.Layer {
  private box!: HTMLDivElement;
  private base!: HTMLCanvasElement;
  private fx!: HTMLCanvasElement;
  private ctx!: CanvasRenderingContext2D;
  private fxCtx!: CanvasRenderingContext2D;
  private image: ImageData | null = null;
  private raster: Raster | null = null;
  private lastRaster: Raster | null = null;
  private stamps = new Map<string, Stamp>();
  private raf = 0;
  private fxRaf = 0;
  private dataTimer = 0;
  private lastDraw = 0;
  /** pixel offset of the canvas in the map's layer coordinates, and its scale (device px per CSS px) */
  private topLeft = L.point(0, 0);
  private dpr = 1;
  private ui = 1;
  /** new points still pulsing: canvas px (x, y), arrival time */
  private pulses: number[] = [];
  /** where rings were drawn (canvas px: x0, y0, x1, y1), to clear */
  private ringBox: [number, number, number, number] = [0, 0, 0, 0];
  /** points in the visible view after the last draw */
  drawn = 0;
  /** time the last draw took, ms, and the last 120 draws' */
  lastFrameMs = 0;
  frameTimes: number[] = [];

  constructor(
    private data: LiveData,
    public toggles: LayerToggles,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    this.box = L.DomUtil.create('div', 'points-layer leaflet-zoom-hide') as HTMLDivElement;
    this.base = L.DomUtil.create('canvas', '', this.box) as HTMLCanvasElement;
    this.fx = L.DomUtil.create('canvas', '', this.box) as HTMLCanvasElement;
    for (const c of [this.base, this.fx]) Object.assign(c.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
    Object.assign(this.box.style, { position: 'absolute', pointerEvents: 'none' });
    this.ctx = this.base.getContext('2d')!;
    this.fxCtx = this.fx.getContext('2d')!;
    // a pane of its own above the district polygons (overlayPane, z 400), below labels and tooltips (650)
    const pane = map.getPane(PANE) ?? map.createPane(PANE);
    pane.style.zIndex = '450';
    pane.style.pointerEvents = 'none';
    pane.appendChild(this.box);
    map.on('moveend zoomend viewreset resize', this.drawNow, this);
    this.drawNow();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend viewreset resize', this.drawNow, this);
    cancelAnimationFrame(this.raf);
    cancelAnimationFrame(this.fxRaf);
    clearTimeout(this.dataTimer);
    this.raf = this.fxRaf = this.dataTimer = 0;
    this.box.remove();
    this.image = this.raster = this.lastRaster = null;
    return this;
  }

  /** The data changed: redraw soon (coalesced, and throttled by the cost of drawing). */
  redraw(): void {
    if (this.raf || this.dataTimer || !this._map) return;
    const wait = Math.max(0, this.lastDraw + Math.max(50, 4 * this.lastFrameMs) - performance.now());
    const go = () => {
      this.dataTimer = 0;
      this.raf = requestAnimationFrame(() => {
        this.raf = 0;
        this.draw();
      });
    };
    if (wait > 0) this.dataTimer = window.setTimeout(go, wait);
    else go();
  }

  /** The view changed: redraw before the next paint (the canvas must not show points at the old scale). */
  private drawNow(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.draw();
  }

  private stamp(kind: string, size: number, outline: number): Stamp {
    const key = `${kind}:${size}:${outline}`;
    let s = this.stamps.get(key);
    if (!s) {
      s = kind === 'disc' ? disc(size, outline) : kind === 'square' ? square(size, outline) : kind === 'frame' ? frame(size, outline) : diamond(size, outline);
      this.stamps.set(key, s);
    }
    return s;
  }

  /** Places and sizes the canvases for the current view; returns the buffer to draw into. */
  private layout(): Raster {
    const map = this._map;
    const size = map.getSize();
    const pad = size.multiplyBy(PADDING).round();
    this.topLeft = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
    L.DomUtil.setPosition(this.box, this.topLeft);
    const cssW = size.x + 2 * pad.x;
    const cssH = size.y + 2 * pad.y;
    this.dpr = Math.min(MAX_DPR, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(cssW * this.dpr));
    const h = Math.max(1, Math.round(cssH * this.dpr));
    if (!this.raster || this.raster.w !== w || this.raster.h !== h) {
      for (const c of [this.base, this.fx]) {
        c.width = w;
        c.height = h;
        c.style.width = `${cssW}px`;
        c.style.height = `${cssH}px`;
      }
      this.image = this.ctx.createImageData(w, h);
      this.ui = uiScale(); // the type scale follows the window's width, which is when the canvas resizes
      this.raster = new Raster(w, h, this.image.data);
    }
    return this.raster;
  }

  private draw(): void {
    const map = this._map;
    if (!map) return;
    const t0 = performance.now();
    const raster = this.layout();
    // what the last frame drew must be overwritten too (unless the canvas was just resized, which clears it)
    const before = raster === this.lastRaster ? raster.dirty() : undefined;
    this.lastRaster = raster;
    raster.clear();
    const dpr = this.dpr;
    const zoom = map.getZoom();
    const scale = 256 * Math.pow(2, zoom) * dpr;
    const origin = map.getPixelOrigin().add(this.topLeft).multiplyBy(dpr);
    const ox = origin.x;
    const oy = origin.y;
    // the visible part of the canvas (without the padding), for the count
    const size = map.getSize();
    const vx0 = Math.round(size.x * PADDING) * dpr;
    const vy0 = Math.round(size.y * PADDING) * dpr;
    const vx1 = vx0 + size.x * dpr;
    const vy1 = vy0 + size.y * dpr;
    const now = Date.now();
    const d = this.data.points;
    const { vehicles: showV, appeals: showA, incidents: showI } = this.toggles;
    const total = (showA ? d.appeals.size : 0) + (showI ? d.incidents.size : 0) + (showV ? d.vehicles.size : 0);
    const sz = markerSize(zoom, total > 20_000, this.ui);
    const sAppeal = this.stamp('disc', sz.appeal * dpr, 0);
    const edge = Math.max(1, Math.round(dpr * this.ui));
    const sIncident = this.stamp('diamond', sz.incident * dpr, edge);
    const sVehicle = this.stamp('square', sz.vehicle * dpr, edge);
    // a vehicle not reporting: a hollow grey square of the same size (its frame as thick as two outlines)
    const sOffline = this.stamp('frame', sz.vehicle * dpr, Math.max(1.5, 2 * edge));
    const offlineRgb = pack(vehicleOffline);
    const silentMs = this.data.vehicleOfflineMs;
    const outline = pack(outlineColour);
    const pulses: number[] = [];
    let drawn = 0;

    const paint = <E>(pts: Map<string, MapPoint<E>>, s: Stamp, colour: (e: E) => number, fades: boolean, silent?: Stamp) => {
      // appeals and incidents fade and pulse when new; vehicles do neither, and are hollow and grey when silent
      for (const p of pts.values()) {
        const x = p.x * scale - ox;
        const y = p.y * scale - oy;
        const alpha = fades ? opacity(now - p.t) : 1;
        const off = silent && isOffline(p.t, now, silentMs);
        if (!(off ? raster.stamp(silent, x, y, offlineRgb, 0.9) : raster.stamp(s, x, y, colour(p.e), alpha, outline))) continue;
        if (x >= vx0 && x < vx1 && y >= vy0 && y < vy1) drawn++;
        if (fades && now - p.arrived < PULSE_MS) pulses.push(x, y, p.arrived);
      }
    };
    const appealRgb = (e: { sla?: string }) => pack(appealColour(e.sla));
    const incidentRgb = pack(incidentColour);
    const vehicleRgb = (e: { kind?: string }) => pack((vehicleColour as Record<string, string>)[e.kind ?? ''] ?? vehicleUnknown);
    if (showA) paint(d.appeals, sAppeal, appealRgb, true);
    if (showI) paint(d.incidents, sIncident, () => incidentRgb, true);
    if (showV) paint(d.vehicles, sVehicle, vehicleRgb, false, sOffline);
    const box = raster.dirty(before);
    if (box.x1 > box.x0) this.ctx.putImageData(this.image!, 0, 0, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);

    this.drawn = drawn;
    this.pulses = pulses;
    this.lastDraw = performance.now();
    this.lastFrameMs = this.lastDraw - t0;
    this.frameTimes.push(this.lastFrameMs);
    if (this.frameTimes.length > 120) this.frameTimes.shift();
    this.drawPulses();
  }

  /** Rings around new points, animated until the last one has finished (clearing only where rings were). */
  private drawPulses(): void {
    cancelAnimationFrame(this.fxRaf);
    this.fxRaf = 0;
    const ctx = this.fxCtx;
    const [cx0, cy0, cx1, cy1] = this.ringBox;
    if (cx1 > cx0) ctx.clearRect(cx0, cy0, cx1 - cx0, cy1 - cy0);
    const now = Date.now();
    const r = markerSize(this._map?.getZoom() ?? 11, false, this.ui).appeal * this.dpr;
    let live = 0;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const lw = 2 * this.dpr;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = lw;
    for (let k = 0; k < this.pulses.length; k += 3) {
      const age = now - this.pulses[k + 2];
      const pr = pulse(age, r * 1.5);
      if (!pr) continue;
      live++;
      const x = this.pulses[k];
      const y = this.pulses[k + 1];
      ctx.globalAlpha = Math.max(0, 1 - age / PULSE_MS);
      ctx.beginPath();
      ctx.arc(x, y, pr, 0, 2 * Math.PI);
      ctx.stroke();
      const e = pr + lw + 1;
      if (x - e < x0) x0 = x - e;
      if (y - e < y0) y0 = y - e;
      if (x + e > x1) x1 = x + e;
      if (y + e > y1) y1 = y + e;
    }
    ctx.globalAlpha = 1;
    // the rings grow: clear the largest they can become next frame
    this.ringBox = live ? [Math.floor(x0 - 4 * r), Math.floor(y0 - 4 * r), Math.ceil(x1 + 4 * r), Math.ceil(y1 + 4 * r)] : [0, 0, 0, 0];
    if (live && this._map) this.fxRaf = requestAnimationFrame(() => this.drawPulses());
  }
}


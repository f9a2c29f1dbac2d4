// One canvas over the map that draws every vehicle, appeal and incident each frame the view changes. DOM markers
// freeze from ~5k points and per-point canvas markers crawl at 50k; one canvas with batched paths keeps up with
// 10k vehicles + 50k points. Points are projected with the Web-Mercator formula directly (no per-point objects)
// and drawn in batches: one path per colour × opacity level.
import L from 'leaflet';
import type { LiveData } from '../live/data';
import { level, opacity, pulse } from './fade';
import { appealColour, incidentColour, vehicleColour } from './colours';

export interface LayerToggles {
  vehicles: boolean;
  appeals: boolean;
  incidents: boolean;
}

const D2R = Math.PI / 180;

export class PointsLayer extends L.Layer {
  private canvas!: HTMLCanvasElement;
  private ctx!: CanvasRenderingContext2D;
  private raf = 0;
  private pulsing = false;
  drawn = 0;
  lastFrameMs = 0;

  constructor(
    private data: LiveData,
    public toggles: LayerToggles,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    this.canvas = L.DomUtil.create('canvas', 'points-canvas') as HTMLCanvasElement;
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none', zIndex: '450' });
    map.getContainer().appendChild(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    map.on('move zoom resize viewreset', this.redraw, this);
    this.resize();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('move zoom resize viewreset', this.redraw, this);
    cancelAnimationFrame(this.raf);
    this.canvas.remove();
    return this;
  }

  private resize(): void {
    const size = this._map.getSize();
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = size.x * dpr;
    this.canvas.height = size.y * dpr;
    this.canvas.style.width = `${size.x}px`;
    this.canvas.style.height = `${size.y}px`;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  redraw(): void {
    if (!this.raf) this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  private draw(): void {
    const t0 = performance.now();
    const map = this._map;
    if (!map) return;
    const size = map.getSize();
    if (this.canvas.width !== Math.round(size.x * (window.devicePixelRatio || 1))) this.resize();
    const ctx = this.ctx;
    ctx.clearRect(0, 0, size.x, size.y);
    const zoom = map.getZoom();
    const scale = 256 * Math.pow(2, zoom);
    const origin = map.getPixelBounds().min!;
    const ox = origin.x;
    const oy = origin.y;
    const w = size.x;
    const h = size.y;
    const now = Date.now();
    const r = Math.max(2, Math.min(6, zoom - 8));
    // batches: key "colour|alpha" → flat array of x, y
    const batches = new Map<string, number[]>();
    const rings: number[] = [];
    let drawn = 0;
    const put = (colour: string, alpha: number, lat: number, lon: number, isNew = -1) => {
      const x = ((lon + 180) / 360) * scale - ox;
      const s = Math.sin(lat * D2R);
      const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale - oy;
      if (x < -10 || y < -10 || x > w + 10 || y > h + 10) return;
      const key = `${colour}|${alpha}`;
      let b = batches.get(key);
      if (!b) batches.set(key, (b = []));
      b.push(x, y);
      drawn++;
      if (isNew >= 0) {
        const pr = pulse(isNew, r);
        if (pr) rings.push(x, y, pr, 1 - isNew / 3000);
      }
    };
    const d = this.data;
    if (this.toggles.appeals)
      for (const a of d.appeals.values()) {
        if (a.lat === undefined || a.lon === undefined) continue;
        const age = now - (d.arrived.get(`a:${a.id}`) ?? Date.parse(a.ts));
        put(appealColour(a.sla), level(opacity(now - Date.parse(a.ts))), a.lat, a.lon, age);
      }
    if (this.toggles.incidents)
      for (const i of d.incidents.values()) put(incidentColour, level(opacity(now - Date.parse(i.ts))), i.lat, i.lon, now - (d.arrived.get(`i:${i.id}`) ?? 0));
    const appealR = r;
    for (const [key, pts] of batches) {
      const [colour, alpha] = key.split('|');
      ctx.globalAlpha = Number(alpha);
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let k = 0; k < pts.length; k += 2) {
        ctx.moveTo(pts[k] + appealR, pts[k + 1]);
        ctx.arc(pts[k], pts[k + 1], appealR, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    // vehicles on top: squares, coloured by crew kind
    if (this.toggles.vehicles) {
      const vb = new Map<string, number[]>();
      for (const v of d.vehicles.values()) {
        const x = ((v.lon + 180) / 360) * scale - ox;
        const s = Math.sin(v.lat * D2R);
        const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale - oy;
        if (x < -10 || y < -10 || x > w + 10 || y > h + 10) continue;
        const c = vehicleColour[v.kind ?? ''] ?? '#b0bec5';
        let b = vb.get(c);
        if (!b) vb.set(c, (b = []));
        b.push(x, y);
        drawn++;
      }
      ctx.globalAlpha = 1;
      const vs = r + 1;
      for (const [c, pts] of vb) {
        ctx.fillStyle = c;
        ctx.beginPath();
        for (let k = 0; k < pts.length; k += 2) ctx.rect(pts[k] - vs / 2, pts[k + 1] - vs / 2, vs, vs);
        ctx.fill();
      }
    }
    // pulses of new points
    ctx.lineWidth = 2;
    for (let k = 0; k < rings.length; k += 4) {
      ctx.globalAlpha = Math.max(0, rings[k + 3]);
      ctx.strokeStyle = '#ffffff';
      ctx.beginPath();
      ctx.arc(rings[k], rings[k + 1], rings[k + 2], 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    this.drawn = drawn;
    this.lastFrameMs = performance.now() - t0;
    // keep animating while something pulses
    this.pulsing = rings.length > 0;
    if (this.pulsing) this.redraw();
  }
}

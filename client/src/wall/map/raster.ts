// A tiny software rasteriser for map markers: shapes are pre-rendered once per size into "stamps" (pixel offsets
// with anti-aliased coverage and an outline flag), then stamped into an RGBA buffer with source-over blending.
// For tens of thousands of small markers this is several times faster than Canvas 2D paths (arcs are the slowest
// thing a software canvas does) and costs the same with or without a GPU. Pure: testable without a browser.

export interface Stamp {
  n: number;
  dx: Int16Array;
  dy: Int16Array;
  /** coverage 0…255 */
  cov: Uint8Array;
  /** 1 = outline pixel (drawn in the outline colour) */
  edge: Uint8Array;
  /** half extent in pixels: the stamp fits in [-ext, ext]² */
  ext: number;
}

type Inside = (x: number, y: number, grow: number) => boolean;

const SS = 4; // supersamples per axis

/** Renders a shape (centred on a pixel centre) with `outline` px of outline inside its edge. */
export function makeStamp(inside: Inside, ext: number, outline = 0): Stamp {
  const dx: number[] = [];
  const dy: number[] = [];
  const cov: number[] = [];
  const edge: number[] = [];
  const e = Math.ceil(ext);
  for (let py = -e; py <= e; py++)
    for (let px = -e; px <= e; px++) {
      let outer = 0;
      let inner = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const x = px + (sx + 0.5) / SS - 0.5;
          const y = py + (sy + 0.5) / SS - 0.5;
          if (inside(x, y, 0)) {
            outer++;
            if (outline <= 0 || inside(x, y, -outline)) inner++;
          }
        }
      if (!outer) continue;
      dx.push(px);
      dy.push(py);
      cov.push(Math.round((outer / (SS * SS)) * 255));
      edge.push(outline > 0 && inner * 2 < outer ? 1 : 0);
    }
  return { n: dx.length, dx: Int16Array.from(dx), dy: Int16Array.from(dy), cov: Uint8Array.from(cov), edge: Uint8Array.from(edge), ext: e };
}

export const disc = (r: number, outline = 0) => makeStamp((x, y, g) => x * x + y * y <= (r + g) * (r + g), r + 1, outline);
export const square = (half: number, outline = 0) => makeStamp((x, y, g) => Math.abs(x) <= half + g && Math.abs(y) <= half + g, half + 1, outline);
/** A hollow square: a frame `thick` px wide (an offline vehicle). */
export const frame = (half: number, thick: number) =>
  makeStamp((x, y, g) => {
    const m = Math.max(Math.abs(x), Math.abs(y));
    return m <= half + g && m >= half - thick;
  }, half + 1);
export const diamond = (r: number, outline = 0) => makeStamp((x, y, g) => Math.abs(x) + Math.abs(y) <= r + g * Math.SQRT2, r + 1, outline);

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A colour `#rrggbb` packed for `Raster` (the byte order of RGBA pixels read as one 32-bit word, alpha 0). */
export function packRgb(hex: string): number {
  const n = parseInt(hex.slice(1, 7), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return LITTLE_ENDIAN ? ((b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8)) >>> 0;
}

const withAlpha = LITTLE_ENDIAN ? (rgb: number, a: number) => ((a << 24) | rgb) >>> 0 : (rgb: number, a: number) => (rgb | a) >>> 0;
const alphaOf = LITTLE_ENDIAN ? (px: number) => px >>> 24 : (px: number) => px & 255;

/**
 * An RGBA pixel buffer (the bytes of an ImageData). Markers are painted over what is there, newest last:
 * a marker's body replaces the pixels under it (one 32-bit store a pixel, no blending — tens of thousands of
 * overlapping markers stay cheap), its anti-aliased rim only where it is more opaque than what is there.
 */
export class Raster {
  readonly data: Uint8ClampedArray;
  private px: Uint32Array;

  constructor(
    readonly w: number,
    readonly h: number,
    data?: Uint8ClampedArray,
  ) {
    this.data = data ?? new Uint8ClampedArray(w * h * 4);
    this.px = new Uint32Array(this.data.buffer, this.data.byteOffset, w * h);
  }

  /** the box of pixels written since the last clear: x0, y0 inclusive, x1, y1 exclusive (empty when x0 >= x1) */
  x0 = 0;
  y0 = 0;
  x1 = 0;
  y1 = 0;

  /** Clears what was written (only the box of it: a city on a large canvas clears fast). */
  clear(): void {
    const { w, px } = this;
    if (this.x0 === 0 && this.x1 === w) px.fill(0, this.y0 * w, this.y1 * w);
    else for (let y = this.y0; y < this.y1; y++) px.fill(0, y * w + this.x0, y * w + this.x1);
    this.x0 = this.y0 = this.x1 = this.y1 = 0;
  }

  /** The box written since the last clear, joined with another (e.g. the one cleared before this frame). */
  dirty(other?: { x0: number; y0: number; x1: number; y1: number }): { x0: number; y0: number; x1: number; y1: number } {
    if (!other || other.x0 >= other.x1) return { x0: this.x0, y0: this.y0, x1: this.x1, y1: this.y1 };
    if (this.x0 >= this.x1) return { ...other };
    return { x0: Math.min(this.x0, other.x0), y0: Math.min(this.y0, other.y0), x1: Math.max(this.x1, other.x1), y1: Math.max(this.y1, other.y1) };
  }

  /** Alpha (0…255) of the pixel at (x, y). */
  alphaAt(x: number, y: number): number {
    return alphaOf(this.px[y * this.w + x]);
  }

  /**
   * Stamps a marker centred on pixel (x, y) in colour `c` (from `packRgb`) with opacity `alpha` (0…1); outline
   * pixels take colour `o`. Returns false when the marker lies wholly outside the buffer.
   */
  stamp(s: Stamp, x: number, y: number, c: number, alpha: number, o = c): boolean {
    const cx = Math.round(x);
    const cy = Math.round(y);
    const { w, h, px } = this;
    const e = s.ext;
    if (cx + e < 0 || cy + e < 0 || cx - e >= w || cy - e >= h) return false;
    const clip = cx - e < 0 || cy - e < 0 || cx + e >= w || cy + e >= h;
    const a0 = alpha > 1 ? 1 : alpha < 0 ? 0 : alpha;
    // grow the written box
    const bx0 = cx - e < 0 ? 0 : cx - e;
    const by0 = cy - e < 0 ? 0 : cy - e;
    const bx1 = cx + e + 1 > w ? w : cx + e + 1;
    const by1 = cy + e + 1 > h ? h : cy + e + 1;
    if (this.x0 >= this.x1) {
      this.x0 = bx0;
      this.y0 = by0;
      this.x1 = bx1;
      this.y1 = by1;
    } else {
      if (bx0 < this.x0) this.x0 = bx0;
      if (by0 < this.y0) this.y0 = by0;
      if (bx1 > this.x1) this.x1 = bx1;
      if (by1 > this.y1) this.y1 = by1;
    }
    const { dx, dy, cov, edge } = s;
    if (!LITTLE_ENDIAN) {
      for (let k = 0; k < s.n; k++) {
        const qx = cx + dx[k];
        const qy = cy + dy[k];
        if (clip && (qx < 0 || qy < 0 || qx >= w || qy >= h)) continue;
        const a = (cov[k] * a0 + 0.5) | 0;
        const i = qy * w + qx;
        if (a && (cov[k] === 255 || alphaOf(px[i]) < a)) px[i] = withAlpha(edge[k] ? o : c, a);
      }
      return true;
    }
    // the hot path, with the little-endian packing written out
    const body = ((255 * a0 + 0.5) | 0) << 24;
    for (let k = 0; k < s.n; k++) {
      const qx = cx + dx[k];
      const qy = cy + dy[k];
      if (clip && (qx < 0 || qy < 0 || qx >= w || qy >= h)) continue;
      const i = qy * w + qx;
      const cv = cov[k];
      if (cv === 255) px[i] = body | (edge[k] ? o : c);
      else {
        const a = (cv * a0 + 0.5) | 0;
        if (a > px[i] >>> 24) px[i] = (a << 24) | (edge[k] ? o : c);
      }
    }
    return true;
  }
}

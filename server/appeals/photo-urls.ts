// Short-lived signed photo URLs: `/api/appeals/<id>/photos/<pid>?exp=<unix s>&sig=<HMAC>` works in an <img src>
// without an Authorization header. Issued only with what may show the appeal (its card, to those who may see it;
// the citizen's page, to the holder of the confirmation link) and valid for PHOTO_URL_TTL_S. The key is derived
// from the auth secret (the auth module's `urlKey('photo-url')`), so every node signs and checks alike.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PHOTO_URL_TTL_S = 10 * 60;

export type PhotoUrlCheck = 'ok' | 'expired' | 'bad';

export class PhotoUrls {
  constructor(
    private key: Uint8Array,
    private ttlS = PHOTO_URL_TTL_S,
  ) {}

  private sig(appealId: string, photoId: number, exp: number): string {
    return createHmac('sha256', this.key).update(`photo\n${appealId}\n${photoId}\n${exp}`).digest('base64url');
  }

  /** The signed URL of a photo, valid for the TTL from `now` (ms). */
  url(appealId: string, photoId: number, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + this.ttlS;
    return `/api/appeals/${encodeURIComponent(appealId)}/photos/${photoId}?exp=${exp}&sig=${this.sig(appealId, photoId, exp)}`;
  }

  /** Whether `exp` and `sig` of a request were signed here for this photo and are still valid. */
  check(appealId: string, photoId: number, exp: unknown, sig: unknown, now = Date.now()): PhotoUrlCheck {
    if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'bad';
    const want = Buffer.from(this.sig(appealId, photoId, Number(exp)));
    const got = Buffer.from(sig);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad';
    // a signature for a time further out than the TTL was not issued here (a stolen key aside)
    const left = Number(exp) - Math.floor(now / 1000);
    if (left < 0) return 'expired';
    if (left > this.ttlS + 5) return 'bad';
    return 'ok';
  }
}

// URLs as they may be shown or logged: without user and password (MQTT_URL, DATABASE_URL and REDIS_URL may carry
// both). Everything that prints a connection URL — /api/health, /api/config, the start banner, logs — goes through
// redactUrl.

const SECRET_PARAM = /pass|secret|token|key/i;

/** The URL without user and password (nor a `password=` query parameter): `mqtt://centre:pw@host:1883` → `mqtt://host:1883`. */
export function redactUrl(url: string | undefined | null): string {
  if (!url) return '';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // not a URL we can parse: drop whatever stands where user and password would
    return url.replace(/(:\/\/)[^/?#\s]*@/, '$1').replace(/([?&][^=&#]*(?:pass|secret|token|key)[^=&#]*=)[^&#]*/gi, '$1***');
  }
  const secretParams = [...u.searchParams.keys()].filter((k) => SECRET_PARAM.test(k));
  if (!u.username && !u.password && !secretParams.length) return url;
  u.username = '';
  u.password = '';
  for (const k of secretParams) u.searchParams.set(k, '***');
  const s = u.toString();
  return s.endsWith('/') && !url.endsWith('/') ? s.slice(0, -1) : s;
}

// Retrying what is worth retrying. A request the server *answered* with 401/403 is a verdict (the token is
// rejected: drop it); anything else that failed — no network, a proxy's 502/503/504, a restarting server's 500 —
// is weather: wait and ask again, with exponential backoff and jitter so that a wall of kiosks does not come
// back in lockstep after an outage. Pure (timers and randomness injected), unit-tested.

/** The server rejected the credentials: never retried, the stored token is dropped. */
export const isRejection = (status: number) => status === 401 || status === 403;
/** Worth retrying: no answer at all (status 0), a gateway/proxy error, a server error, or "too many". */
export const isTransient = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export interface BackoffOptions {
  /** first delay, ms */
  base?: number;
  /** the longest delay, ms */
  max?: number;
  /** 0…1 (injected in tests) */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0 = the first retry): base·2^attempt capped at max, of which the upper
 * half is random ("equal jitter"): 1 s → 0.5–1 s, then 1–2 s, 2–4 s, … up to max/2–max.
 */
export function backoffDelay(attempt: number, { base = 1000, max = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const full = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(full / 2 + random() * (full / 2));
}

/** What a retry loop is waiting for: shown on screen ("Сервер недоступен, повтор через 8 с"). */
export interface Waiting {
  /** 0 = no answer (network, server down), else the HTTP status that came back */
  status: number;
  /** when the next attempt starts, epoch ms */
  retryAt: number;
  /** retries so far */
  attempt: number;
}

export interface RetryOptions extends BackoffOptions {
  /** called before each wait */
  onWait?: (w: Waiting) => void;
  /** stop retrying when this returns true (the loop then returns the last failure) */
  cancelled?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Calls `attempt` until it gives an answer that is not transient: a success, a rejection (401/403) or another
 * client error (404, 400 …). A thrown error (fetch's TypeError: no network) counts as status 0. Returns the
 * final Response, or null when cancelled before one came.
 */
export async function untilAnswered(attempt: () => Promise<Response>, o: RetryOptions = {}): Promise<Response | null> {
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now ?? Date.now;
  for (let n = 0; ; n++) {
    let status: number;
    try {
      const r = await attempt();
      if (!isTransient(r.status)) return r;
      status = r.status;
    } catch {
      status = 0; // no answer at all
    }
    if (o.cancelled?.()) return null;
    const delay = backoffDelay(n, o);
    o.onWait?.({ status, retryAt: now() + delay, attempt: n + 1 });
    await sleep(delay);
    if (o.cancelled?.()) return null;
  }
}

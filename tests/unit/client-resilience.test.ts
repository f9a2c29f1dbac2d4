// Honest error states and a kiosk that never falls off the wall: backoff with jitter, retry only what is worth
// retrying, drop a stored token only when the server rejects it, requests with progress / error / retry, and a
// badge that knows when REST fails.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';

const store = new Map<string, string>();
const stubStorage = () =>
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
stubStorage();

const { backoffDelay, isRejection, isTransient, untilAnswered } = await import('../../client/src/api/backoff');
const { useRequest } = await import('../../client/src/api/useRequest');
const { describeError } = await import('../../client/src/api/errors');
const { api, ApiError } = await import('../../client/src/api/http');
const { net, recordRest, resetNet, PROBE_MS } = await import('../../client/src/api/net');
const { useSession } = await import('../../client/src/auth/session');

/** a Response-like answer */
const answer = (status: number, body: unknown = {}) =>
  ({ ok: status >= 200 && status < 300, status, statusText: String(status), headers: new Headers({ 'content-type': 'application/json' }), json: async () => body, text: async () => JSON.stringify(body) }) as unknown as Response;
const wall = { sub: 'token:w1', username: 'Hall screen', role: 'wall_screen', districts: null, organisations: [], kind: 'wall_token' };
const user = { sub: '7', username: 'op.nura', role: 'operator', districts: ['astana-nura'], organisations: [], kind: 'user' };

beforeEach(() => {
  store.clear();
  stubStorage();
  setActivePinia(createPinia());
  resetNet();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('backoff', () => {
  it('doubles from 1 s up to 30 s, the upper half random (equal jitter)', () => {
    const lo = { random: () => 0 };
    const hi = { random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, lo))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, hi))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(6000);
    expect(backoffDelay(1000)).toBeLessThanOrEqual(30_000); // no overflow for a long outage
    // jitter: a wall of kiosks does not come back in lockstep
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    expect(delays.size).toBeGreaterThan(10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(8000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16000);
  });

  it('rejections are 401/403; no answer, 5xx, 408 and 429 are weather', () => {
    expect([401, 403].map(isRejection)).toEqual([true, true]);
    expect([200, 400, 404, 500, 502].map(isRejection)).toEqual([false, false, false, false, false]);
    expect([0, 408, 429, 500, 502, 503, 504].map(isTransient)).toEqual([true, true, true, true, true, true, true]);
    expect([200, 204, 400, 401, 403, 404, 409].map(isTransient)).toEqual([false, false, false, false, false, false, false]);
  });

  it('retries no answer and 502/503/504 until the server answers, saying what it waits for', async () => {
    const script: (number | 'down')[] = ['down', 502, 503, 504, 'down', 200];
    const calls: number[] = [];
    const waits: { status: number; retryAt: number; attempt: number }[] = [];
    const slept: number[] = [];
    const clock = 1000;
    const r = await untilAnswered(
      async () => {
        calls.push(clock);
        const s = script.shift()!;
        if (s === 'down') throw new TypeError('Failed to fetch');
        return answer(s);
      },
      { random: () => 0, onWait: (w) => waits.push(w), sleep: async (ms) => void slept.push(ms), now: () => clock },
    );
    expect(r?.status).toBe(200);
    expect(calls).toHaveLength(6);
    expect(slept).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(waits.map((w) => w.status)).toEqual([0, 502, 503, 504, 0]);
    expect(waits.map((w) => w.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(waits[0].retryAt).toBe(1500);
  });

  it('stops at a verdict: 401, 403 and 404 are returned at once, not retried', async () => {
    for (const status of [401, 403, 404]) {
      let n = 0;
      const r = await untilAnswered(async () => (n++, answer(status)), { sleep: async () => undefined });
      expect(r?.status).toBe(status);
      expect(n).toBe(1);
    }
  });

  it('gives up when cancelled', async () => {
    let n = 0;
    const r = await untilAnswered(async () => (n++, answer(502)), { sleep: async () => undefined, cancelled: () => n >= 3 });
    expect(r).toBeNull();
    expect(n).toBe(3);
  });
});

describe('what went wrong, in words', () => {
  it('tells no connection, an unavailable server, a refusal and a bad request apart; retry where it may help', () => {
    const d = (e: unknown) => {
      const x = describeError(e);
      return [x.kind, x.key, x.retryable];
    };
    expect(d(new ApiError(0, 'Failed to fetch', undefined, 'network'))).toEqual(['network', 'net.error.network', true]);
    expect(d(new TypeError('Failed to fetch'))).toEqual(['network', 'net.error.network', true]);
    expect(d(new ApiError(502, 'Bad Gateway'))).toEqual(['unavailable', 'net.error.unavailable', true]);
    expect(d(new ApiError(504, 'Gateway Timeout'))).toEqual(['unavailable', 'net.error.unavailable', true]);
    expect(d(new ApiError(500, 'boom'))).toEqual(['server', 'net.error.server', true]);
    expect(d(new ApiError(403, 'forbidden'))).toEqual(['denied', 'net.error.denied', false]);
    expect(d(new ApiError(404, 'no appeal'))).toEqual(['notFound', 'net.error.notFound', false]);
    expect(d(new ApiError(429, 'slow down'))).toEqual(['tooMany', 'net.error.tooMany', true]);
    const bad = describeError(new ApiError(400, 'text: required', 'text'));
    expect([bad.kind, bad.detail, bad.retryable]).toEqual(['invalid', 'text: required', false]);
    // the raw "Failed to fetch" is never the message shown
    expect(describeError(new ApiError(0, 'Failed to fetch')).detail).toBe('');
  });
});

describe('useRequest', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
    return { promise, resolve, reject };
  };

  it('shows progress, then the data; a failure says what happened and Retry runs it again with the same arguments', async () => {
    const asked: string[] = [];
    let fail = true;
    const r = useRequest(async (q: string) => {
      asked.push(q);
      if (fail) throw new ApiError(0, 'Failed to fetch', undefined, 'network');
      return `rows for ${q}`;
    });
    expect(r.loading.value).toBe(false);
    const p = r.run('district=nura');
    expect(r.loading.value).toBe(true);
    expect(await p).toBeNull();
    expect(r.loading.value).toBe(false);
    expect(r.error.value?.kind).toBe('network');
    expect(r.data.value).toBeNull();
    fail = false;
    expect(await r.retry()).toBe('rows for district=nura');
    expect(asked).toEqual(['district=nura', 'district=nura']);
    expect(r.error.value).toBeNull();
    expect(r.data.value).toBe('rows for district=nura');
  });

  it("clears the old rows under a new filter ('clear'), or keeps them marked stale ('stale')", async () => {
    for (const mode of ['clear', 'stale'] as const) {
      const answers = [deferred<string>(), deferred<string>()];
      let i = 0;
      const r = useRequest((_q: string) => answers[i++].promise, { onRerun: mode });
      const first = r.run('a');
      answers[0].resolve('A');
      await first;
      expect(r.data.value).toBe('A');
      const second = r.run('b');
      if (mode === 'clear') expect(r.data.value).toBeNull();
      else expect([r.data.value, r.stale.value]).toEqual(['A', true]);
      answers[1].reject(new ApiError(503, 'Service Unavailable'));
      await second;
      expect(r.error.value?.kind).toBe('unavailable');
      expect(r.data.value).toBe(mode === 'clear' ? null : 'A');
      expect(r.stale.value).toBe(mode === 'stale');
    }
  });

  it('a slower answer to an earlier filter never overwrites the newer one', async () => {
    const a = deferred<string>();
    const b = deferred<string>();
    const r = useRequest((q: string) => (q === 'a' ? a.promise : b.promise));
    const pa = r.run('a');
    const pb = r.run('b');
    b.resolve('B');
    expect(await pb).toBe('B');
    a.resolve('A');
    expect(await pa).toBeNull();
    expect(r.data.value).toBe('B');
    expect(r.loading.value).toBe(false);
  });
});

describe('api(): progress and the REST health the badge shows', () => {
  it('counts requests in flight, marks the API down on no answer or 502, and up again on any answer', async () => {
    let next: () => Promise<Response> = async () => answer(200, { ok: 1 });
    vi.stubGlobal('fetch', () => next());
    let release!: () => void;
    next = () => new Promise((r) => (release = () => r(answer(200, { ok: 1 }))));
    const p = api('/api/x');
    expect(net.inflight).toBe(1);
    release();
    expect(await p).toEqual({ ok: 1 });
    expect(net.inflight).toBe(0);
    next = async () => {
      throw new TypeError('Failed to fetch');
    };
    const e = await api('/api/x').catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code]).toEqual([0, 'request.network']);
    expect([net.restDown, net.restStatus, net.inflight]).toEqual([true, 0, 0]);
    next = async () => answer(502, { message: 'Bad Gateway' });
    await api('/api/x').catch(() => undefined);
    expect([net.restDown, net.restStatus]).toEqual([true, 502]);
    next = async () => answer(404, { error: 'not_found', message: 'no appeal' });
    await api('/api/x').catch(() => undefined);
    expect(net.restDown).toBe(false); // the server answered
    recordRest(429);
    expect(net.restDown).toBe(false); // "too many" is an answer too
  });

  it('while the API is down it probes every few seconds, and the badge clears when the API answers again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const probes: string[] = [];
    let up = false;
    vi.stubGlobal('fetch', async (url: string) => {
      probes.push(url);
      if (!up) throw new TypeError('Failed to fetch');
      return answer(401);
    });
    recordRest(0);
    expect(net.restDown).toBe(true);
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    expect(probes).toEqual(['/api/auth/me']);
    expect(net.restDown).toBe(true);
    up = true;
    await vi.advanceTimersByTimeAsync(PROBE_MS);
    expect(probes).toHaveLength(2);
    expect(net.restDown).toBe(false);
    await vi.advanceTimersByTimeAsync(3 * PROBE_MS);
    expect(probes).toHaveLength(2); // no probing while the API is up
  });

  it('a 401 whose refresh gets no answer keeps the session (and fails the request as "no connection")', async () => {
    const s = useSession();
    s.token = 'old-access';
    s.refreshToken = 'refresh-token-1234';
    s.user = user as never;
    vi.stubGlobal('fetch', async (url: string) => {
      if (url === '/api/auth/refresh') throw new TypeError('Failed to fetch');
      return answer(401, { error: 'unauthorized' });
    });
    const e = await api('/api/appeals').catch((x) => x);
    expect([e.status, e.code]).toEqual([0, 'request.network']);
    expect(s.token).toBe('old-access');
    expect(s.expired).toBe(false);
  });

  it('a 401 whose refresh is rejected ends the session; a 403 does not', async () => {
    const s = useSession();
    s.token = 'old-access';
    s.refreshToken = 'refresh-token-1234';
    vi.stubGlobal('fetch', async (url: string) => (url === '/api/auth/refresh' ? answer(401) : answer(403, { error: 'forbidden' })));
    await api('/api/dead-letters').catch(() => undefined);
    expect(s.token).toBe('old-access');
    vi.stubGlobal('fetch', async (url: string) => answer(401, { error: url }));
    await api('/api/appeals').catch(() => undefined);
    expect([s.token, s.expired]).toEqual(['', true]);
  });
});

describe('the session: a token is dropped only when the server rejects it', () => {
  /** /api/auth/me answers in turn: 'down' = no answer */
  const meScript = (script: (number | 'down')[]) => {
    const seen: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: { headers?: Record<string, string> }) => {
      if (!init?.headers?.authorization) return answer(401); // the badge's probe (no token): the API is up
      seen.push(`${url} ${init.headers.authorization}`);
      const s = script.length > 1 ? script.shift()! : script[0];
      if (s === 'down') throw new TypeError('Failed to fetch');
      return answer(s, s === 200 ? wall : { error: 'x' });
    });
    return seen;
  };

  it('a kiosk link during a proxy 502 / a server restart: keeps asking, says so, and signs the wall in when the server is back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const seen = meScript([502, 'down', 503, 200]);
    const s = useSession();
    const p = s.useWallToken('wall-token');
    await vi.advanceTimersByTimeAsync(0);
    expect(net.waiting).toMatchObject({ status: 502, attempt: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(net.waiting).toMatchObject({ status: 0, attempt: 2 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(net.waiting).toMatchObject({ status: 503, attempt: 3 });
    await vi.advanceTimersByTimeAsync(4000);
    expect(await p).toBe(true);
    expect(net.waiting).toBeNull();
    expect(seen).toHaveLength(4);
    expect(seen.every((x) => x === '/api/auth/me Bearer wall-token')).toBe(true);
    expect([s.token, s.kiosk]).toEqual(['wall-token', true]);
    expect(JSON.parse(store.get('sc.session')!)).toMatchObject({ token: 'wall-token' });
  });

  it('a revoked wall token (401) is refused at once, without retries', async () => {
    const seen = meScript([401]);
    const s = useSession();
    expect(await s.useWallToken('revoked')).toBe(false);
    expect(seen).toHaveLength(1);
    expect(s.signedIn).toBe(false);
    expect(net.waiting).toBeNull();
  });

  it('loadMe keeps the token through a 502 and drops it on a 403', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    meScript([502, 200]);
    const s = useSession();
    s.token = 'wall-token';
    const p = s.loadMe();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.token).toBe('wall-token');
    await vi.advanceTimersByTimeAsync(1000);
    await p;
    expect(s.user).toMatchObject({ kind: 'wall_token' });
    meScript([403]);
    await s.loadMe();
    expect([s.token, s.user]).toEqual(['', null]);
  });

  it('signing in with the network down says so and gives the form back (never throws)', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const s = useSession();
    expect(await s.login('op.nura', 'secret-password')).toBe('network');
    expect(net.inflight).toBe(0);
    vi.stubGlobal('fetch', async () => answer(502));
    expect(await s.login('op.nura', 'secret-password')).toBe('server');
    vi.stubGlobal('fetch', async () => answer(401));
    expect(await s.login('op.nura', 'wrong')).toBe('failed');
    vi.stubGlobal('fetch', async () => answer(429));
    expect(await s.login('op.nura', 'wrong')).toBe('tooMany');
    expect(s.signedIn).toBe(false);
    await nextTick();
  });
});

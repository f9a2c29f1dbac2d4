// The network as the screen should tell it: how many requests are in flight (the progress bar), whether the
// REST API is answering (the connection badge says so too, not only the socket), and what the session is
// waiting for while it retries (the kiosk's "Сервер недоступен, повтор через 8 с").
import { reactive } from 'vue';
import { isTransient, type Waiting } from './backoff';

export const net = reactive({
  inflight: 0,
  /** the last REST request got no answer, or a gateway/server error (0 = no answer) */
  restDown: false,
  restStatus: 0,
  /** the session's sign-in check is waiting to retry */
  waiting: null as Waiting | null,
});

/** While the API is down, ask every few seconds whether it is back (any answer but a gateway error is). */
export const PROBE_MS = 5000;
let probe: ReturnType<typeof setTimeout> | 0 = 0;

/** Records how a REST request ended: `status` 0 = no answer (network error). */
export function recordRest(status: number): void {
  const down = isTransient(status) && status !== 429 && status !== 408;
  net.restDown = down;
  net.restStatus = down ? status : 0;
  if (down && !probe)
    probe = setTimeout(() => {
      probe = 0;
      if (!net.restDown) return;
      fetch('/api/auth/me', { cache: 'no-store' }).then(
        (r) => recordRest(r.status),
        () => recordRest(0),
      );
    }, PROBE_MS);
}

/** Back to the start (tests). */
export function resetNet(): void {
  if (probe) clearTimeout(probe);
  probe = 0;
  Object.assign(net, { inflight: 0, restDown: false, restStatus: 0, waiting: null });
}

/** Wraps a request for the progress bar. */
export async function tracked<T>(p: () => Promise<T>): Promise<T> {
  net.inflight++;
  try {
    return await p();
  } finally {
    net.inflight--;
  }
}

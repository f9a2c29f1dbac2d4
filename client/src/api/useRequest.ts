// One request a view depends on, with its state for the screen: `loading` (a progress indicator), `error`
// (what happened, in words, with a retry), `data`. A new run (a new filter) either clears the old data or keeps
// it marked `stale` until the answer comes, so old rows never pass for the new filter's. A run superseded by a
// later one is ignored when it ends (the slower answer to an old filter never overwrites the new one).
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { describeError, type Described } from './errors';

export interface RequestOptions {
  /** on a new run: 'clear' drops the old data at once, 'stale' keeps it (marked stale) until the answer */
  onRerun?: 'clear' | 'stale';
}

export interface Request<T, A extends unknown[]> {
  data: ShallowRef<T | null>;
  loading: Ref<boolean>;
  error: ShallowRef<Described | null>;
  /** the data shown is from an earlier run (a new one is loading or failed) */
  stale: Ref<boolean>;
  /** runs the request; resolves to its data, or null when it failed or was superseded */
  run: (...args: A) => Promise<T | null>;
  /** runs again with the last arguments */
  retry: () => Promise<T | null>;
}

export function useRequest<T, A extends unknown[] = []>(fn: (...args: A) => Promise<T>, o: RequestOptions = {}): Request<T, A> {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<Described | null>(null);
  const stale = ref(false);
  let last: A | null = null;
  let seq = 0;

  async function run(...args: A): Promise<T | null> {
    const mine = ++seq;
    last = args;
    loading.value = true;
    error.value = null;
    if (data.value !== null) {
      if (o.onRerun === 'clear') data.value = null;
      else stale.value = true;
    }
    try {
      const r = await fn(...args);
      if (mine !== seq) return null;
      data.value = r;
      stale.value = false;
      return r;
    } catch (e) {
      if (mine !== seq) return null;
      error.value = describeError(e);
      return null;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  return { data, loading, error, stale, run, retry: () => (last ? run(...last) : run(...([] as unknown as A))) };
}

// "N new — show" for a list that must not move under the user's cursor (as mail clients and CRMs do): the first
// page is asked again (for what arrived since the newest listed row) and the arrivals are only counted; the rows
// change when the user asks to see them.

export interface Arrivals {
  /** appeals on the server's first page (same filters) that the list does not show */
  n: number;
  /** the server has more of them than one page: show "more than n" */
  more: boolean;
}

/** Counts what the fresh first page holds that the shown list lacks. */
export function newArrivals(fresh: readonly { id: string }[], shown: Iterable<string>, freshHasMore: boolean): Arrivals {
  const have = new Set(shown);
  const n = fresh.filter((a) => !have.has(a.id)).length;
  return { n, more: n > 0 && freshHasMore };
}

/** Throttle for the checks: at most one per `gapMs`, none while one is under way. */
export class CheckGate {
  private last = -Infinity;
  private busy = false;
  constructor(private gapMs: number) {}
  /** true when a check may start now (and marks it started) */
  enter(now = Date.now()): boolean {
    if (this.busy || now - this.last < this.gapMs) return false;
    this.busy = true;
    this.last = now;
    return true;
  }
  leave(): void {
    this.busy = false;
  }
}

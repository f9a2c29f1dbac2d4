// Rate control: how many messages are due on each timer tick, and the achieved rate over a sliding window.

/** Turns a target rate (messages per second) into a whole number of messages due per tick. */
export class Pacer {
  private carry = 0;
  private last: number;

  /** `maxLagSec`: after a stall (a blocked event loop, a long GC) catch up at most this much, not all of it. */
  constructor(
    public rate: number,
    now = Date.now(),
    private maxLagSec = 0.5,
  ) {
    this.last = now;
  }

  due(now = Date.now()): number {
    const dt = Math.max(0, Math.min((now - this.last) / 1000, this.maxLagSec));
    this.last = now;
    this.carry += this.rate * dt;
    const n = Math.floor(this.carry);
    this.carry -= n;
    return n;
  }
}

/** Messages per second over the last `windowMs` (or since the start, when shorter). */
export class RateMeter {
  private marks: { t: number; n: number }[] = [];
  private sum = 0;

  constructor(
    private windowMs = 5000,
    private started = Date.now(),
  ) {}

  add(n: number, now = Date.now()): void {
    if (n) {
      this.marks.push({ t: now, n });
      this.sum += n;
    }
    this.trim(now);
  }

  rate(now = Date.now()): number {
    this.trim(now);
    const span = Math.min(this.windowMs, now - this.started);
    return span > 0 ? (this.sum / span) * 1000 : 0;
  }

  private trim(now: number) {
    while (this.marks.length && this.marks[0].t <= now - this.windowMs) this.sum -= this.marks.shift()!.n;
  }
}

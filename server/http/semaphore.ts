// Bounds concurrent password hashing (argon2id: ~64 MB and tens of ms of CPU each): at most `max` at once, at
// most `maxWaiting` queued; beyond that a caller is told the server is busy (503) instead of everyone waiting.
// (The live socket bounds concurrent replays with the same semaphore; both import it from here.)
import { HttpError } from './errors';

export class Busy extends HttpError {
  constructor() {
    super(503, 'too many password checks at once; try again in a moment');
  }
}

export class Semaphore {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly maxWaiting: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Takes a slot, waiting for one if need be; throws `Busy` when too many wait already. */
  async acquire(): Promise<void> {
    if (this.active < this.max) this.active++;
    else if (this.waiting.length >= this.maxWaiting) throw new Busy();
    else await new Promise<void>((r) => this.waiting.push(r)); // the finishing caller hands its slot over
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  get stats() {
    return { active: this.active, waiting: this.waiting.length };
  }
}

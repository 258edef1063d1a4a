/**
 * At most `size` calls at once to one provider from this process; the others wait their turn in
 * order. Providers throttle or refuse a client that opens too many requests at once, and a tick of
 * the scheduler can start hundreds of synchronizations together.
 */
export class CallLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`A call limit must be a whole number of at least 1, not ${size}`);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await call();
    } finally {
      // The slot passes straight to the next caller, so `running` never drops below the queue's need.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Calls running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/** Calls at once per provider and process when PROVIDER_CONCURRENCY does not say otherwise. */
export const DEFAULT_PROVIDER_CONCURRENCY = 4;

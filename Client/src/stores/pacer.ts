/**
 * Runs a match's events in the order they came, holding an opponent's answer back for a moment
 * after the viewer's own shot is shown: a built-in agent answers within milliseconds, and without
 * the pause a person never sees their own result, nor whose turn it was.
 */
export interface PacerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Step {
  run: () => void;
  paced: boolean;
}

export class Pacer {
  private queue: Step[] = [];
  private notBefore = 0;
  private timer: unknown = null;

  /** `delayMs` is read at each hold, so a setting may change it while a match runs. */
  constructor(
    private readonly delayMs: () => number,
    private readonly clock: PacerClock = realClock,
  ) {}

  /**
   * Runs `run` once everything before it has run; a `paced` step (an opponent's shot) also waits
   * until the pause after the viewer's last shot is over.
   */
  push(run: () => void, paced = false): void {
    this.queue.push({ run, paced });
    if (this.timer === null) this.drain();
  }

  /** Starts the pause: called as the viewer's own shot is shown. */
  hold(): void {
    this.notBefore = this.clock.now() + Math.max(0, this.delayMs());
  }

  /** Runs every waiting step now (a resync replaces what they would show). */
  flush(): void {
    this.cancel();
    this.notBefore = 0;
    this.drain();
  }

  /** Drops the waiting steps (the page goes). */
  dispose(): void {
    this.cancel();
    this.queue = [];
  }

  /** How many steps wait. */
  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const step = this.queue[0]!;
      const wait = this.notBefore - this.clock.now();
      if (step.paced && wait > 0) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.drain();
        }, wait);
        return;
      }
      this.queue.shift();
      step.run();
    }
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Holds a charge point's own CALLs back while something must go first (the Accepted boot and
 * the offline queue's flush, OCPP 1.6 §4.2 and §3.7): `wait()` resolves when no hold is left.
 * Holds nest; `open()` lets everything through at once (the connection closed).
 */
export class TrafficGate {
  private holds = 0;
  /** Bumped by `open()`: a release from before it no longer counts. */
  private epoch = 0;
  private waiting: Promise<void> | null = null;
  private resolve: (() => void) | null = null;

  /** True while a hold is on. */
  get closed(): boolean {
    return this.holds > 0;
  }

  /** Resolves when the gate opens (at once when it is open). */
  wait(): Promise<void> {
    return this.waiting ?? Promise.resolve();
  }

  /** Adds a hold; the function returned removes it (once). */
  hold(): () => void {
    this.holds++;
    this.waiting ??= new Promise<void>((resolve) => { this.resolve = resolve; });
    const epoch = this.epoch;
    let released = false;
    return () => {
      if (released || epoch !== this.epoch) return;
      released = true;
      if (--this.holds === 0) this.open();
    };
  }

  /** Removes every hold. */
  open(): void {
    this.holds = 0;
    this.epoch++;
    const resolve = this.resolve;
    this.waiting = null;
    this.resolve = null;
    resolve?.();
  }
}

import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * Wall time sped up by a factor: call time runs `speed` times faster than the clock on the wall, timers included,
 * so `replay --speed 10` plays a call ten times faster with every deadline where it belongs. speed 1 is real time.
 */
export class ScaledScheduler implements SchedulerLike {
  private readonly startedAt = Date.now();

  constructor(private readonly speed: number) {
    if (!(speed > 0)) throw new Error('speed must be positive');
  }

  now(): number {
    return (Date.now() - this.startedAt) * this.speed;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new ScaledAction(work, this.speed);
    action.schedule(state, delay);
    return action;
  }
}

class ScaledAction<T> extends Subscription implements SchedulerAction<T> {
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    private readonly speed: number,
  ) {
    super(() => {
      if (this.handle !== undefined) clearTimeout(this.handle);
    });
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = setTimeout(() => {
      this.handle = undefined;
      this.work.call(this, state);
    }, Math.max(0, delay / this.speed));
    return this;
  }
}

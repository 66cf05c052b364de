import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * A virtual clock for batch runs: like RxJS's VirtualTimeScheduler (time only moves when flushed; ties run in
 * scheduling order) but with a binary heap, so a run with a million timers stays O(n log n). RxJS's version sorts
 * its whole queue on every schedule and keeps cancelled timers in it, which makes long batches quadratic.
 */
export class HeapVirtualScheduler implements SchedulerLike {
  private frame = 0;
  private sequence = 0;
  private readonly heap: HeapEntry[] = [];

  now(): number {
    return this.frame;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new HeapAction<T>(this, work);
    action.schedule(state, delay);
    return action;
  }

  /**
   * Keeps a place in the order of actions due at one time, for an action whose time is not known yet: a recorded
   * call's next event is scheduled right after the previous one is delivered, and a live call's next event, arriving
   * later from the bus, takes that same place (`scheduleInSlot`), so ties with timers resolve exactly as in batch.
   */
  reserveSlot(): number {
    return this.sequence++;
  }

  /** Schedules `work` at call time `atMs` (or now, if that has passed) in a slot from `reserveSlot`. */
  scheduleInSlot(work: () => void, atMs: number, slot: number): Subscription {
    const action = new HeapAction<unknown>(this, work);
    action.generation++;
    this.push({ at: Math.max(atMs, this.frame), order: slot, action, state: undefined, generation: action.generation });
    return action;
  }

  /** Runs everything due, advancing the clock, until nothing is scheduled. */
  flush(): void {
    this.advanceTo(Infinity);
  }

  /** Runs everything due up to `timeMs`, then leaves the clock there (or at the last action run, if time is Infinity). */
  advanceTo(timeMs: number): void {
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > timeMs) break;
      const entry = this.pop() as HeapEntry;
      if (entry.action.closed || entry.action.generation !== entry.generation) continue;
      this.frame = Math.max(this.frame, entry.at);
      entry.action.run(entry.state);
    }
    if (Number.isFinite(timeMs)) this.frame = Math.max(this.frame, timeMs);
  }

  /** @internal */
  enqueue(action: HeapAction<unknown>, state: unknown, delay: number): void {
    this.push({ at: this.frame + Math.max(0, delay), order: this.sequence++, action, state, generation: action.generation });
  }

  private push(entry: HeapEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as HeapEntry)) break;
      heap[i] = heap[parent] as HeapEntry;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): HeapEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as HeapEntry, heap[left] as HeapEntry) ? right : left;
      if (!before(heap[child] as HeapEntry, last)) break;
      heap[i] = heap[child] as HeapEntry;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

interface HeapEntry {
  readonly at: number;
  readonly order: number;
  readonly action: HeapAction<unknown>;
  readonly state: unknown;
  readonly generation: number;
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

class HeapAction<T> extends Subscription implements SchedulerAction<T> {
  /** Bumped on every (re)schedule: only the latest heap entry of an action runs. */
  generation = 0;

  constructor(
    private readonly scheduler: HeapVirtualScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed || !Number.isFinite(delay)) return this;
    this.generation++;
    this.scheduler.enqueue(this as HeapAction<unknown>, state, delay);
    return this;
  }

  run(state: unknown): void {
    const generation = this.generation;
    this.work.call(this, state as T);
    // Not rescheduled by its work: the action is done.
    if (this.generation === generation) this.unsubscribe();
  }
}

import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import { HeapVirtualScheduler } from './heap-virtual-scheduler.js';
import type { EngineInput, EngineOutput } from '../../engine/index.js';

/** The events of one call in arrival order. */
export type CallRecording = readonly EngineInput[];

/**
 * Replays recorded calls on a virtual clock: every call starts at virtual time 0 and each event is delivered at
 * its tMs, or right after the previous event of its call if it arrived late (arrival order is kept, so the engine's
 * ordering policy sees exactly what a live engine would). Returns every output, in virtual-time order.
 */
export function replayOnVirtualClock(
  recordings: readonly CallRecording[],
  engine: (scheduler: SchedulerLike) => (inputs: Observable<EngineInput>) => Observable<EngineOutput>,
): EngineOutput[] {
  const scheduler = new HeapVirtualScheduler();
  const inputs = new Subject<EngineInput>();
  const outputs: EngineOutput[] = [];
  let failure: unknown;
  const subscription = engine(scheduler)(inputs).subscribe({ next: (o) => outputs.push(o), error: (e) => (failure = e) });
  for (const recording of recordings) scheduleRecording(scheduler, inputs, recording);
  scheduler.flush();
  inputs.complete();
  scheduler.flush();
  subscription.unsubscribe();
  if (failure !== undefined) throw failure;
  return outputs;
}

// Each call schedules only its next event, so the queue holds one entry per call rather than every event.
function scheduleRecording(scheduler: SchedulerLike, inputs: Subject<EngineInput>, recording: CallRecording): void {
  const base = scheduler.now();
  let index = 0;
  let at = base;
  const deliverNext = () => {
    const input = recording[index++];
    if (input === undefined) return;
    inputs.next(input);
    scheduleFollowing();
  };
  const scheduleFollowing = () => {
    const input = recording[index];
    if (input === undefined) return;
    const tMs = 'event' in input ? input.event.tMs : undefined;
    at = tMs === undefined ? at : Math.max(at, base + tMs);
    scheduler.schedule(deliverNext, at - scheduler.now());
  };
  scheduleFollowing();
}

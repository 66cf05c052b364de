import { Subject, VirtualTimeScheduler } from 'rxjs';
import { createEngine, type CallEvent, type CompiledPack, type EngineInput, type EngineOptions, type EngineOutput } from '../../engine/index.js';

/** One delivery to the engine at a virtual time (ms). */
export interface TimedInput {
  readonly atMs: number;
  readonly input: EngineInput;
}

/**
 * Runs the engine on RxJS's VirtualTimeScheduler: each input is delivered at its time (events default to their tMs),
 * then the clock runs until every timer has fired. No real time passes.
 */
export function runEngine(
  inputs: ReadonlyArray<CallEvent | TimedInput>,
  packs: readonly CompiledPack[],
  options: Partial<Omit<EngineOptions, 'scheduler' | 'packs'>> = {},
): EngineOutput[] {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const source = new Subject<EngineInput>();
  const outputs: EngineOutput[] = [];
  const subscription = source.pipe(createEngine({ ...options, scheduler, packs: () => packs })).subscribe({
    next: (o) => outputs.push(o),
    error: (e: unknown) => {
      throw e;
    },
  });
  for (const item of inputs) {
    const timed: TimedInput = 'input' in item ? item : { atMs: item.tMs, input: { event: item } };
    scheduler.schedule(() => source.next(timed.input), timed.atMs);
  }
  scheduler.flush();
  source.complete();
  scheduler.flush();
  subscription.unsubscribe();
  return outputs;
}

/** The outputs of one type, narrowed. */
export function outputsOf<T extends EngineOutput['type']>(outputs: readonly EngineOutput[], type: T): Array<Extract<EngineOutput, { type: T }>> {
  return outputs.filter((o): o is Extract<EngineOutput, { type: T }> => o.type === type);
}

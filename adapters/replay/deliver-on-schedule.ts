import { Subject, type SchedulerLike, type Subscription } from 'rxjs';
import type { EngineInput } from '../../engine/index.js';
import type { Delivery } from './delivery-plan.js';

/**
 * Emits planned deliveries at their times on the given scheduler (wall, scaled or virtual), one timer at a time,
 * and completes after the last one.
 */
export function deliverOnSchedule(deliveries: readonly Delivery[], scheduler: SchedulerLike): { inputs: Subject<EngineInput>; start(): Subscription } {
  const inputs = new Subject<EngineInput>();
  return {
    inputs,
    start: () => {
      const base = scheduler.now();
      let index = 0;
      const step = (): Subscription | undefined => {
        while (index < deliveries.length && (deliveries[index] as Delivery).atMs <= scheduler.now() - base) inputs.next((deliveries[index++] as Delivery).input);
        if (index >= deliveries.length) {
          inputs.complete();
          return undefined;
        }
        return scheduler.schedule(() => step(), (deliveries[index] as Delivery).atMs - (scheduler.now() - base));
      };
      const first = scheduler.schedule(() => step(), 0);
      return first;
    },
  };
}

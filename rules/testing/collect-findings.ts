import { Subject, VirtualTimeScheduler } from 'rxjs';
import { createEngine, type CallEvent, type CompiledPack, type Finding } from '../../engine/index.js';

/**
 * Runs events through the real engine on a virtual clock (each delivered at its tMs; no real time passes) and returns
 * the confirmed findings, in order. Used by rule examples and fixture calls.
 */
export function collectFindings(pack: CompiledPack, events: readonly CallEvent[]): Finding[] {
  const scheduler = new VirtualTimeScheduler(undefined, Infinity);
  const inputs = new Subject<{ event: CallEvent }>();
  const findings: Finding[] = [];
  const subscription = inputs.pipe(createEngine({ scheduler, packs: () => [pack], reorderWindowMs: 0 })).subscribe((o) => {
    if (o.type === 'finding') findings.push(o.finding);
  });
  for (const event of events) scheduler.schedule(() => inputs.next({ event }), event.tMs);
  scheduler.flush();
  inputs.complete();
  scheduler.flush();
  subscription.unsubscribe();
  return findings;
}

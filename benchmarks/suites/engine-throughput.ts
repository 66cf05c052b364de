import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { asyncScheduler, groupBy, mergeMap, scan, Subject } from 'rxjs';
import { replayOnVirtualClock } from '../../adapters/batch/virtual-replay.js';
import { createEngine, type CallEvent, type CompiledPack, type EngineInput } from '../../engine/index.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { median, table, timeInterleaved } from '../support/measure.js';
import { shippedPack } from '../support/packs.js';

/**
 * The whole engine (sequencing, state, every rule of the shipped packs, nudge policy) against the bare RxJS
 * per-call pattern it is built on and a plain Map loop, on the same events in one run; plus the time one event
 * takes through the live engine, which bounds how late a nudge can be.
 */
export const engineThroughput: BenchSuite = {
  name: 'engine-throughput',
  title: 'The engine: throughput against bare RxJS, and time per live event',
  run(context: BenchContext): string {
    const file = join(context.corpusDir, 'calls.jsonl');
    if (!existsSync(file)) return 'Skipped: no corpus at ' + context.corpusDir;
    const events = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CallEvent);
    const packs = [shippedPack('zh', true), shippedPack('en', true)];
    const recordings = groupByCall(events);
    const rounds = context.quick ? 1 : 3;
    context.log(`engine-throughput: ${events.length} events, ${recordings.length} calls, ${rounds} rounds`);

    const [full, noRules, bare, loop] = timeInterleaved(
      [() => batch(recordings, packs), () => batch(recordings, []), () => bareRx(events), () => mapLoop(events)],
      rounds,
    ) as [number, number, number, number];
    const rate = (ms: number) => Math.round(events.length / (ms / 1000));
    const throughput = table(
      ['pipeline', 'events/s', 'rate relative to the full engine'],
      [
        ['callcoach, shipped packs (every rule, fuzzy matching)', rate(full), '1.00×'],
        ['callcoach, no packs (sequencing, state, groups only)', rate(noRules), `${(full / noRules).toFixed(2)}×`],
        ['bare RxJS groupBy → mergeMap(scan)', rate(bare), `${(full / bare).toFixed(1)}×`],
        ['plain Map loop', rate(loop), `${(full / loop).toFixed(1)}×`],
      ],
    );

    const latencies = liveLatencies(events, packs);
    const pct = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] as number).toFixed(3);
    const live = table(
      ['events', 'median ms', 'p99 ms', 'p99.9 ms', 'max ms'],
      [[latencies.length, median(latencies).toFixed(3), pct(0.99), pct(0.999), (latencies[latencies.length - 1] as number).toFixed(3)]],
    );
    return (
      `${events.length} events of ${recordings.length} calls, batch on the virtual clock (one core, median of ${rounds} interleaved rounds).\n\n${throughput}\n\n` +
      `Time to take one event through the live engine (wall-clock scheduler, reorder window 0, every call open at once): ` +
      `from \`next()\` on the input to the return, which includes every detector and the nudge it emits.\n\n${live}`
    );
  },
};

function groupByCall(events: readonly CallEvent[]): EngineInput[][] {
  const byCall = new Map<string, EngineInput[]>();
  for (const event of events) {
    const list = byCall.get(event.callId);
    if (list) list.push({ event });
    else byCall.set(event.callId, [{ event }]);
  }
  return [...byCall.values()];
}

function batch(recordings: EngineInput[][], packs: readonly CompiledPack[]): number {
  return replayOnVirtualClock(recordings, (scheduler) => createEngine({ scheduler, packs: () => packs })).length;
}

function bareRx(events: readonly CallEvent[]): number {
  let count = 0;
  const source = new Subject<CallEvent>();
  const subscription = source
    .pipe(
      groupBy((e) => e.callId),
      mergeMap((group) => group.pipe(scan((n: number, e: CallEvent) => n + e.tMs, 0))),
    )
    .subscribe(() => count++);
  for (const e of events) source.next(e);
  subscription.unsubscribe();
  return count;
}

function mapLoop(events: readonly CallEvent[]): number {
  const state = new Map<string, number>();
  for (const e of events) state.set(e.callId, (state.get(e.callId) ?? 0) + e.tMs);
  return state.size;
}

function liveLatencies(events: readonly CallEvent[], packs: readonly CompiledPack[]): number[] {
  const inputs = new Subject<EngineInput>();
  const subscription = inputs.pipe(createEngine({ scheduler: asyncScheduler, packs: () => packs, reorderWindowMs: 0, idleTimeoutMs: 3_600_000 })).subscribe();
  const samples: number[] = [];
  for (const event of events) {
    const t0 = performance.now();
    inputs.next({ event });
    samples.push(performance.now() - t0);
  }
  subscription.unsubscribe();
  return samples.sort((a, b) => a - b);
}

import { loadavg } from 'node:os';
import type { BenchSuite } from '../bench-suite.js';
import type { LoadPlan } from '../live/protocol.js';
import { runLevel, type LevelResult } from '../live/run-level.js';
import { table } from '../support/measure.js';

interface Level {
  readonly calls: number;
  readonly rampMs: number;
  readonly measureFromMs: number;
  readonly measureToMs: number;
}

const FULL: readonly Level[] = [
  { calls: 100, rampMs: 4_000, measureFromMs: 8_000, measureToMs: 28_000 },
  { calls: 1_000, rampMs: 8_000, measureFromMs: 12_000, measureToMs: 37_000 },
  { calls: 5_000, rampMs: 12_000, measureFromMs: 17_000, measureToMs: 47_000 },
  { calls: 10_000, rampMs: 15_000, measureFromMs: 20_000, measureToMs: 60_000 },
];
const QUICK: readonly Level[] = [
  { calls: 100, rampMs: 2_000, measureFromMs: 6_000, measureToMs: 18_000 },
  { calls: 1_000, rampMs: 3_000, measureFromMs: 6_000, measureToMs: 18_000 },
];
const TARGET = { calls: 10_000, p99Ms: 20 };

// NaN crosses the IPC channel as null: both mean "no value".
const known = (value: number | null): value is number => value !== null && Number.isFinite(value);
const ms = (value: number) => (!known(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const rate = (value: number) => (!known(value) ? '–' : Math.round(value).toLocaleString('en-US'));
const cores = (value: number) => (!known(value) ? '–' : value.toFixed(2));
const ratio = (a: number, b: number) => (!known(a) || !known(b) || b === 0 ? '–' : `${(a / b).toFixed(1)}×`);

function sustained(r: LevelResult): string {
  const o = r.load.overload;
  if (o) return `**no**: stopped at ${(o.atMs / 1000).toFixed(0)} s with ${o.openCalls.toLocaleString('en-US')} calls open, ${rate(o.offeredPerSecond)} events/s offered (${o.reason})`;
  if (r.load.unanswered > 0) return `yes, ${r.load.unanswered} of ${r.load.triggers} triggers unanswered`;
  return 'yes';
}

/**
 * Ingest→overlay latency of the live server under N concurrent simulated calls at speech rate, beside a bare
 * `ws`+JSON server driven by the same load generator in the same run. Server and load generator are separate
 * processes (benchmarks/live/); a level that overloads the machine is stopped and reported as not sustained.
 */
export const liveLatency: BenchSuite = {
  name: 'live-latency',
  title: 'Live latency: ingest to overlay under concurrent calls',
  async run(context) {
    const levels = context.quick ? QUICK : FULL;
    const results: Array<{ level: Level; callcoach: LevelResult; bare: LevelResult; load: number }> = [];
    for (const level of levels) {
      const load = loadavg()[0] ?? Number.NaN;
      const plan: LoadPlan = { ...level, drainMs: context.quick ? 1_000 : 3_000, seed: 7 + level.calls, callsPerConnection: 500, overloadSeconds: 3, backlogMs: 1_000 };
      context.log(`live-latency: ${level.calls} calls, bare ws ...`);
      const bare = await runLevel('bare', plan, context.log);
      context.log(`live-latency: ${level.calls} calls, callcoach ...`);
      const callcoach = await runLevel('callcoach', plan, context.log);
      results.push({ level, callcoach, bare, load });
    }

    const rows = results.flatMap(({ level, callcoach, bare }) =>
      [callcoach, bare].map((r) => [
        level.calls.toLocaleString('en-US'),
        r.kind === 'callcoach' ? 'callcoach serve' : 'bare ws + JSON',
        rate(r.load.offeredPerSecond),
        rate(r.achievedPerSecond),
        r.load.all.count.toLocaleString('en-US'),
        ms(r.load.all.p50),
        ms(r.load.all.p99),
        ms(r.load.all.max),
        cores(r.serverCpuCores),
        rate(r.achievedPerSecond / r.serverCpuCores),
        cores(r.load.loadCpuCores),
        sustained(r),
      ]),
    );
    const detail = results.flatMap(({ level, callcoach, bare }) =>
      [callcoach, bare].map((r) => [
        level.calls.toLocaleString('en-US'),
        r.kind === 'callcoach' ? 'callcoach' : 'bare ws',
        `${ms(r.load.provisional.p50)} / ${ms(r.load.provisional.p99)}`,
        `${ms(r.load.confirmed.p50)} / ${ms(r.load.confirmed.p99)}`,
        ms(r.load.maxSendLagMs),
        (r.load.maxBufferedBytes / 1024).toFixed(0),
        r.load.unmatched,
      ]),
    );
    const ratios = results.map(({ level, callcoach, bare }) => {
      const cpuPerEvent = ratio(callcoach.serverCpuCores / callcoach.achievedPerSecond, bare.serverCpuCores / bare.achievedPerSecond);
      const stopped = [callcoach, bare].filter((r) => r.load.overload).map((r) => (r.kind === 'callcoach' ? 'callcoach' : 'bare ws'));
      if (stopped.length > 0) return [level.calls.toLocaleString('en-US'), `n/a: ${stopped.join(' and ')} not sustained`, 'n/a', cpuPerEvent];
      return [level.calls.toLocaleString('en-US'), ratio(callcoach.load.all.p50, bare.load.all.p50), ratio(callcoach.load.all.p99, bare.load.all.p99), cpuPerEvent];
    });

    const target = results.find((r) => r.level.calls === TARGET.calls)?.callcoach;
    const verdict = !target
      ? `Target (${TARGET.calls.toLocaleString('en-US')} live calls, p99 < ${TARGET.p99Ms} ms): not measured in this run${context.quick ? ' (quick mode runs 100 and 1,000 calls only)' : ''}.`
      : target.load.overload
        ? `Target (${TARGET.calls.toLocaleString('en-US')} live calls, p99 < ${TARGET.p99Ms} ms on this machine): **not met**; the level was not sustained (${target.load.overload.reason}).`
        : target.load.all.p99 < TARGET.p99Ms && target.load.unanswered === 0
          ? `Target (${TARGET.calls.toLocaleString('en-US')} live calls, p99 < ${TARGET.p99Ms} ms on this machine): **met**, p99 ${ms(target.load.all.p99)} ms.`
          : `Target (${TARGET.calls.toLocaleString('en-US')} live calls, p99 < ${TARGET.p99Ms} ms on this machine): **not met**, p99 ${ms(target.load.all.p99)} ms${target.load.unanswered ? `, ${target.load.unanswered} triggers unanswered` : ''}.`;

    return [
      'Each simulated call (Chinese, shipped `zh-CN-standard` pack, `nudgePolicy: { provisional: "show" }`, no store) sends ' +
        'call.started, a greeting, customer and agent turns at about 3 characters a second, an interim result every 250 ms ' +
        'while someone speaks, a final per turn, a closing and call.ended, every event with a `seq`; every 14–20 s an agent ' +
        `turn holds the forbidden phrase 你问我，我问谁. N slots each run one call after another (talk 40–120 s), their first ` +
        'calls spread over a ramp, so N are open at once. The load generator is its own process (one ingest WebSocket per ' +
        '500 calls, plus the overlay feed with an admin token); the server is another. Latency is from the load generator ' +
        'sending the first event that shows the phrase (→ provisional nudge) or its final (→ confirmed nudge) to the same ' +
        'process receiving that nudge on the feed, one clock. The peer is a bare `ws` server that parses each message and ' +
        'sends a small JSON nudge for text holding the phrase, driven by the same generator. A level is stopped as not ' +
        'sustained when, for 3 s running, over 20 % of triggers sent 1–3 s earlier are still unanswered, the last second’s ' +
        'p99 exceeds 1 s, or 16 MiB wait in the ingest sockets. CPU is process.cpuUsage over the window, in cores (the ' +
        'machine has 2, shared by server and generator).',
      '',
      table(['calls', 'server', 'offered events/s', 'achieved events/s', 'nudges timed', 'p50 ms', 'p99 ms', 'max ms', 'server CPU', 'events per server CPU-second', 'generator CPU', 'sustained'], rows),
      '',
      'For a level that was not sustained, latencies are those of the triggers sent in its last 5 s and achieved events/s is what the ' +
        'server took in around them (an overloaded server answers the counters late). Engine over bare `ws` in the same run:',
      '',
      table(['calls', 'p50 ratio', 'p99 ratio', 'server CPU per event ratio'], ratios),
      '',
      table(['calls', 'server', 'provisional p50 / p99 ms', 'confirmed p50 / p99 ms', 'generator lag max ms', 'socket buffer max KiB', 'unmatched nudges'], detail),
      '',
      `Machine load (1-minute load average) before each level: ${results.map((r) => `${r.level.calls.toLocaleString('en-US')} calls ${r.load.toFixed(1)}`).join(', ')}; above 2 means other work shared the two cores.`,
      '',
      verdict,
    ].join('\n');
  },
};

/** Messages between the bench process and its two children (server host, load generator), over the fork IPC channel. */

import type { LatencySummary } from './latency.js';

export type ServerKind = 'callcoach' | 'bare';

/** Server host → bench. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number; readonly ingestToken?: string; readonly feedToken?: string }
  | { readonly type: 'stats'; readonly id: number; readonly stats: ServerStats };

/** Bench → server host. */
export type ServerRequest = { readonly type: 'stats'; readonly id: number };

/** Read together in the server process, so their ratio is consistent whenever the reply gets out. */
export interface ServerStats {
  /** process.cpuUsage() user + system, µs. */
  readonly cpuMicros: number;
  /** Events the server has taken in (parsed and handed on). */
  readonly events: number;
  /** process.hrtime.bigint() as ms (CLOCK_MONOTONIC: comparable across processes of one machine). */
  readonly atMs: number;
}

/** One level, as the load generator runs it. Times in ms from the level's start. */
export interface LoadPlan {
  readonly calls: number;
  readonly rampMs: number;
  readonly measureFromMs: number;
  /** Sending stops here. */
  readonly measureToMs: number;
  /** After sending stops, how long to wait for nudges still in flight. */
  readonly drainMs: number;
  readonly seed: number;
  readonly callsPerConnection: number;
  /** The level is stopped when it looks overloaded for this many consecutive seconds. */
  readonly overloadSeconds: number;
  /** A trigger unanswered this long counts as backlog. */
  readonly backlogMs: number;
}

/** Bench → load generator. */
export interface LoadStart {
  readonly type: 'start';
  readonly baseUrl: string;
  readonly ingestToken?: string;
  readonly feedToken?: string;
  readonly plan: LoadPlan;
}

/** Load generator → bench. */
export type LoadMessage =
  | { readonly type: 'progress'; readonly text: string }
  | { readonly type: 'result'; readonly result: LoadResult };

export interface LoadResult {
  readonly calls: number;
  /** The measured window on CLOCK_MONOTONIC (process.hrtime.bigint as ms), to read the server's counters over. */
  readonly window: { readonly fromMs: number; readonly toMs: number };
  /** Events the schedule planned in the measured window, per second. */
  readonly offeredPerSecond: number;
  /** Events actually handed to the sockets in the measured window, per second. */
  readonly sentPerSecond: number;
  readonly provisional: LatencySummary;
  readonly confirmed: LatencySummary;
  readonly all: LatencySummary;
  /** Triggering events sent in the window (provisional and final), and how many got no nudge by the end of the drain. */
  readonly triggers: number;
  readonly unanswered: number;
  readonly unmatched: number;
  /** Worst lag of the generator's own sending behind its schedule in the measured window, ms (its event loop keeping up). */
  readonly maxSendLagMs: number;
  /** Most bytes waiting in the ingest sockets' buffers at a once-a-second check. */
  readonly maxBufferedBytes: number;
  /** process.cpuUsage() of the load generator over the measured window, in cores. */
  readonly loadCpuCores: number;
  /** Set when the level was stopped as not sustained. */
  readonly overload?: { readonly atMs: number; readonly openCalls: number; readonly offeredPerSecond: number; readonly reason: string };
  /** Per second of the level: open calls, events sent, p99 of the nudges received in that second, worst send lag. */
  readonly timeline: ReadonlyArray<{ readonly second: number; readonly open: number; readonly sent: number; readonly p99: number; readonly lagMs: number }>;
}

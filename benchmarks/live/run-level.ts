import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadMessage, LoadPlan, LoadResult, LoadStart, ServerKind, ServerMessage, ServerRequest, ServerStats } from './protocol.js';

/** One level of one server: what the load generator measured and the server's own counters over the same window. */
export interface LevelResult {
  readonly kind: ServerKind;
  readonly load: LoadResult;
  /** Events the server took in per second over the window. */
  readonly achievedPerSecond: number;
  /** The server process's CPU over the window, in cores (1 = one core busy all the time). */
  readonly serverCpuCores: number;
}

const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Forks a compiled child with an IPC channel; its stderr shows through. */
function child(name: string, args: readonly string[]): ChildProcess {
  return fork(script(name), [...args], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function waitFor<T>(proc: ChildProcess, accept: (message: unknown) => T | undefined, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      const value = accept(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what}: the child exited (code ${code}) first`));
    };
    const cleanup = () => {
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

/**
 * Runs one level: a server process (`kind`), then a separate load-generator process that plays the calls and times
 * the nudges; the server's CPU and event counters are sampled once a second meanwhile. Both children are ended after.
 */
export async function runLevel(kind: ServerKind, plan: LoadPlan, log: (message: string) => void): Promise<LevelResult> {
  const server = child('server-host.js', [kind]);
  let load: ChildProcess | undefined;
  try {
    const ready = await waitFor(server, (m) => ((m as ServerMessage).type === 'ready' ? (m as Extract<ServerMessage, { type: 'ready' }>) : undefined), `${kind} server`);
    const samples: ServerStats[] = [];
    let nextId = 0;
    server.on('message', (m: ServerMessage) => {
      if (m.type === 'stats') samples.push(m.stats);
    });
    const poll = setInterval(() => server.send({ type: 'stats', id: nextId++ } satisfies ServerRequest), 500);
    load = child('load-generator.js', []);
    load.on('message', (m: LoadMessage) => {
      if (m.type === 'progress') log(`live-latency ${kind}: ${m.text}`);
    });
    const start: LoadStart = { type: 'start', baseUrl: `http://127.0.0.1:${ready.port}`, plan, ...(ready.ingestToken ? { ingestToken: ready.ingestToken } : {}), ...(ready.feedToken ? { feedToken: ready.feedToken } : {}) };
    load.send(start);
    const result = await waitFor(load, (m) => ((m as LoadMessage).type === 'result' ? (m as Extract<LoadMessage, { type: 'result' }>).result : undefined), `${kind} load generator`);
    clearInterval(poll);
    // The samples bracketing the window (an overloaded server answers late, so they may lie well outside it).
    const first = [...samples].reverse().find((s) => s.atMs <= result.window.fromMs) ?? samples[0];
    const last = samples.find((s) => s.atMs >= result.window.toMs) ?? samples[samples.length - 1];
    const spanMs = last && first ? last.atMs - first.atMs : 0;
    return {
      kind,
      load: result,
      achievedPerSecond: first && last && spanMs > 0 ? ((last.events - first.events) * 1000) / spanMs : Number.NaN,
      serverCpuCores: first && last && spanMs > 0 ? (last.cpuMicros - first.cpuMicros) / 1000 / spanMs : Number.NaN,
    };
  } finally {
    await Promise.all([server, load].map((proc) => stop(proc)));
  }
}

/** Kills a child and waits until it is gone, so the next level does not share the machine with it. */
function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

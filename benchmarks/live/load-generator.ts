/**
 * Child process of the live-latency suite: plays N concurrent simulated calls at speech rate into a server's
 * `/ingest` (a few WebSocket connections) and listens on its `/nudges` feed as an overlay would, timing each nudge
 * from the send of its triggering event to its arrival with one clock (process.hrtime.bigint in this process).
 * Started with child_process.fork by run-level.ts; never imported.
 */
import { WebSocket } from 'ws';
import { buildCallScript, buildSchedule, type ScheduledCall, type ScriptEvent } from './call-script.js';
import { NudgeMatcher, summarise, within } from './latency.js';
import type { LoadMessage, LoadResult, LoadStart } from './protocol.js';

const send = (message: LoadMessage) => process.send?.(message);

interface ActiveCall {
  readonly call: ScheduledCall;
  readonly script: ScriptEvent[];
  readonly socket: WebSocket;
  next: number;
  due: number;
}

/** A binary min-heap of active calls by the due time of their next event. */
class DueHeap {
  private readonly items: ActiveCall[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): ActiveCall | undefined {
    return this.items[0];
  }
  push(item: ActiveCall): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as ActiveCall).due <= item.due) break;
      a[i] = a[parent] as ActiveCall;
      i = parent;
    }
    a[i] = item;
  }
  pop(): ActiveCall | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && (a[r] as ActiveCall).due < (a[l] as ActiveCall).due ? r : l;
      if ((a[child] as ActiveCall).due >= last.due) break;
      a[i] = a[child] as ActiveCall;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

const open = (url: string, token: string | undefined) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function run(start: LoadStart): Promise<LoadResult> {
  const { plan } = start;
  const wsBase = start.baseUrl.replace(/^http/, 'ws');
  const schedule = buildSchedule({ calls: plan.calls, rampMs: plan.rampMs, untilMs: plan.measureToMs, seed: plan.seed });
  const overlay = await open(`${wsBase}/nudges`, start.feedToken);
  const connections: WebSocket[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(plan.calls / plan.callsPerConnection)); i++) connections.push(await open(`${wsBase}/ingest`, start.ingestToken));
  await sleep(200);

  // What the schedule offers each second, counted from the scripts (independent of what got sent).
  const plannedBySecond = new Array<number>(Math.ceil(plan.measureToMs / 1000) + 1).fill(0);
  for (const call of schedule) {
    for (const e of buildCallScript(call)) {
      const due = call.startMs + e.atMs;
      if (due >= plan.measureToMs) continue;
      const second = Math.floor(due / 1000);
      plannedBySecond[second] = (plannedBySecond[second] ?? 0) + 1;
    }
  }
  const plannedRate = (fromMs: number, toMs: number) => {
    let events = 0;
    for (let s = Math.floor(fromMs / 1000); s < Math.ceil(toMs / 1000); s++) events += plannedBySecond[s] ?? 0;
    return events / Math.max(1, Math.ceil(toMs / 1000) - Math.floor(fromMs / 1000));
  };

  const t0 = process.hrtime.bigint();
  const t0Ms = Number(t0) / 1e6;
  const levelMs = () => Number(process.hrtime.bigint() - t0) / 1e6;
  const matcher = new NudgeMatcher(t0);
  let secondLatencies: number[] = [];
  overlay.on('message', (data) => {
    const at = process.hrtime.bigint();
    let message: { type?: unknown; nudge?: { callId?: unknown; nudgeId?: unknown; status?: unknown } };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      return;
    }
    if (message.type !== 'nudge' || !message.nudge) return;
    const { callId, nudgeId, status } = message.nudge;
    if (typeof callId !== 'string' || typeof nudgeId !== 'string' || typeof status !== 'string') return;
    const ms = matcher.received(callId, nudgeId, status, at);
    if (ms !== undefined) secondLatencies.push(ms);
  });

  const heap = new DueHeap();
  let nextStart = 0;
  let sentThisSecond = 0;
  let sentInWindow = 0;
  let maxSendLagMs = 0;
  let lagThisSecond = 0;
  let stopped = false;
  let stopAtMs = plan.measureToMs;

  const tick = () => {
    if (stopped) return;
    const now = levelMs();
    if (now >= stopAtMs) {
      stopped = true;
      return;
    }
    while (nextStart < schedule.length && (schedule[nextStart] as ScheduledCall).startMs <= now) {
      const call = schedule[nextStart++] as ScheduledCall;
      const script = buildCallScript(call);
      heap.push({ call, script, socket: connections[call.slot % connections.length] as WebSocket, next: 0, due: call.startMs });
    }
    for (let top = heap.peek(); top && top.due <= now; top = heap.peek()) {
      heap.pop();
      const item = top.script[top.next] as ScriptEvent;
      lagThisSecond = Math.max(lagThisSecond, now - top.due);
      const inWindow = top.due >= plan.measureFromMs && top.due < plan.measureToMs;
      if (inWindow) sentInWindow++;
      const at = process.hrtime.bigint();
      top.socket.send(JSON.stringify(item.event));
      if (item.trigger === 'provisional') matcher.sentProvisional(top.call.callId, at);
      else if (item.trigger === 'confirmed') matcher.sentConfirmed(top.call.callId, at);
      sentThisSecond++;
      top.next++;
      if (top.next < top.script.length) {
        top.due = top.call.startMs + (top.script[top.next] as ScriptEvent).atMs;
        heap.push(top);
      }
    }
    setTimeout(tick, 1);
  };

  let cpuAtStart = process.cpuUsage();
  let maxBufferedBytes = 0;
  let badSeconds = 0;
  let overload: LoadResult['overload'];
  const timeline: Array<LoadResult['timeline'][number]> = [];
  let measureStarted = false;

  const monitor = setInterval(() => {
    const now = levelMs();
    const second = Math.round(now / 1000);
    const buffered = connections.reduce((sum, ws) => sum + ws.bufferedAmount, 0);
    maxBufferedBytes = Math.max(maxBufferedBytes, buffered);
    const p99 = secondLatencies.length ? summarise(secondLatencies).p99 : Number.NaN;
    timeline.push({ second, open: heap.size, sent: sentThisSecond, p99, lagMs: lagThisSecond });
    if (now >= plan.measureFromMs && now < plan.measureToMs + 1000) maxSendLagMs = Math.max(maxSendLagMs, lagThisSecond);
    lagThisSecond = 0;
    const recent = matcher.waiting(now - plan.backlogMs - 2000, now - plan.backlogMs);
    const reasons: string[] = [];
    if (recent.sent >= 3 && recent.waiting / recent.sent > 0.2) reasons.push(`${recent.waiting} of ${recent.sent} triggers sent ${plan.backlogMs / 1000}–${plan.backlogMs / 1000 + 2} s ago still without a nudge`);
    if (p99 > plan.backlogMs) reasons.push(`p99 of the last second ${Math.round(p99)} ms`);
    if (buffered > 16 * 1024 * 1024) reasons.push(`${(buffered / 1048576).toFixed(0)} MiB waiting in the ingest sockets`);
    badSeconds = reasons.length > 0 ? badSeconds + 1 : 0;
    if (!stopped && badSeconds >= plan.overloadSeconds && !overload) {
      overload = { atMs: Math.round(now), openCalls: heap.size, offeredPerSecond: Math.round(plannedRate(Math.max(0, now - 5000), now)), reason: reasons.join('; ') };
      stopAtMs = now;
      stopped = true;
    }
    if (!measureStarted && now >= plan.measureFromMs) {
      measureStarted = true;
      cpuAtStart = process.cpuUsage();
    }
    if (timeline.length % 5 === 0) send({ type: 'progress', text: `${plan.calls} calls: ${second} s, ${heap.size} open, ${sentThisSecond} events/s, p99 ${Number.isNaN(p99) ? '–' : p99.toFixed(1)} ms` });
    sentThisSecond = 0;
    secondLatencies = [];
  }, 1000);

  tick();
  while (!stopped) await sleep(50);
  const cpu = process.cpuUsage(cpuAtStart);
  const endMs = levelMs();
  await sleep(plan.drainMs);
  clearInterval(monitor);

  const fromMs = overload ? Math.max(0, overload.atMs - 5000) : plan.measureFromMs;
  const toMs = overload ? overload.atMs : plan.measureToMs;
  const provisional = within(matcher.provisional, fromMs, toMs);
  const confirmed = within(matcher.confirmed, fromMs, toMs);
  const waiting = matcher.waiting(fromMs, toMs);
  for (const ws of [overlay, ...connections]) ws.terminate();
  return {
    calls: plan.calls,
    window: { fromMs: t0Ms + fromMs, toMs: t0Ms + toMs },
    offeredPerSecond: plannedRate(fromMs, toMs),
    sentPerSecond: overload ? timeline.slice(-5).reduce((sum, s) => sum + s.sent, 0) / Math.max(1, Math.min(5, timeline.length)) : sentInWindow / ((toMs - fromMs) / 1000),
    provisional: summarise(provisional),
    confirmed: summarise(confirmed),
    all: summarise([...provisional, ...confirmed]),
    triggers: waiting.sent,
    unanswered: waiting.waiting,
    unmatched: matcher.unmatched,
    maxSendLagMs,
    maxBufferedBytes,
    loadCpuCores: measureStarted ? (cpu.user + cpu.system) / 1000 / Math.max(1, endMs - plan.measureFromMs) : Number.NaN,
    ...(overload ? { overload } : {}),
    timeline,
  };
}

process.once('message', (start: LoadStart) => {
  run(start).then(
    (result) => {
      send({ type: 'result', result });
      process.disconnect?.();
    },
    (err: unknown) => {
      process.stderr.write(`live-latency load generator: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
});

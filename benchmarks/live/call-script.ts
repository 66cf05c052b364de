/**
 * The simulated calls of the live-latency suite: which call starts when (so N are open at once), and what each call
 * says, at real speech rate, as protocol v1 events. Pure and deterministic (seeded), so the test can check it.
 */

/** The phrase that makes a nudge: a 服务禁语 of the shipped zh-CN pack, and what the bare peer looks for. */
export const TRIGGER = '你问我，我问谁';

/** A small seeded generator (mulberry32): the same seed gives the same calls in every process. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rng: () => number, low: number, high: number) => Math.round(low + rng() * (high - low));
const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** How calls talk. Defaults: about 180 字/分钟 for the agent, an interim result every 250 ms, a trigger every 14–20 s. */
export interface SpeechOptions {
  readonly agentCharsPerSecond: number;
  readonly customerCharsPerSecond: number;
  readonly partialEveryMs: number;
  /** From the end of speech to the recogniser's final. */
  readonly finalLagMs: number;
  /** Silence between two turns. */
  readonly gapMs: readonly [number, number];
  /** Time between two agent turns carrying the trigger phrase (the engine's per-rule cool-down is 10 s). */
  readonly triggerEveryMs: readonly [number, number];
}

export const DEFAULT_SPEECH: SpeechOptions = {
  agentCharsPerSecond: 3,
  customerCharsPerSecond: 3.5,
  partialEveryMs: 250,
  finalLagMs: 200,
  gapMs: [500, 1500],
  triggerEveryMs: [14_000, 20_000],
};

const GREETINGS = ['您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', '您好，欢迎致电星河银行，我是客服小李，请问有什么需要帮助的吗？', '下午好，星河物流，请问您要寄件还是查件？'];
const AGENT_LINES = [
  '好的，我明白您的意思了。',
  '这个业务目前是可以办理的。',
  '您的包裹已经在派送的路上了。',
  '根据您的描述，问题应该出在设置上。',
  '您可以在手机应用里面修改这个选项。',
  '这个费用是按月结算的。',
  '我给您解释一下具体的规则。',
  '明白，这种情况我们会尽快处理。',
];
const CUSTOMER_LINES = ['我想问一下我的快递到哪里了。', '好的，那我什么时候能收到？', '嗯，我知道了。', '那这个要收费吗？', '我上周就已经申请过了。', '可以，你继续说。', '这个我之前没注意到。'];
const TRIGGER_LINES = [`这个嘛，${TRIGGER}？`, `嗯，${TRIGGER}？`, `那${TRIGGER}呢？`];
const CLOSING: ReadonlyArray<readonly ['agent' | 'customer', string]> = [
  ['agent', '请问还有其他可以帮您的吗？'],
  ['customer', '没有了，谢谢。'],
  ['agent', '感谢您的来电，祝您生活愉快，再见！'],
];

/** One call of the schedule: which slot (of the N concurrent ones) it runs in, when it starts, its own seed. */
export interface ScheduledCall {
  readonly slot: number;
  readonly callId: string;
  readonly agentId: string;
  readonly startMs: number;
  /** Roughly how long it talks before its closing; the script decides the exact end. */
  readonly talkMs: number;
  readonly seed: number;
}

export interface ScheduleOptions {
  /** How many calls are open at once once the ramp is over. */
  readonly calls: number;
  /** The first calls of the slots start evenly spread over this time. */
  readonly rampMs: number;
  /** No call starts at or after this time (level time, ms). */
  readonly untilMs: number;
  readonly seed: number;
  /** Talk time of a call before its closing, drawn evenly in this range. */
  readonly talkMs?: readonly [number, number];
  /** Pause in a slot between one call's end and the next call's start. */
  readonly turnoverMs?: readonly [number, number];
  /** Bounds the script of each call, to know when its slot is free again. */
  readonly speech?: SpeechOptions;
}

/**
 * Every call of a level, by start time: `calls` slots, each running one call after another, the slots' first calls
 * spread evenly over the ramp so the events of N calls are spread evenly in time.
 */
export function buildSchedule(options: ScheduleOptions): ScheduledCall[] {
  const rng = seededRandom(options.seed);
  const [talkLow, talkHigh] = options.talkMs ?? [40_000, 120_000];
  const [turnLow, turnHigh] = options.turnoverMs ?? [1_000, 3_000];
  const speech = options.speech ?? DEFAULT_SPEECH;
  const calls: ScheduledCall[] = [];
  let serial = 0;
  for (let slot = 0; slot < options.calls; slot++) {
    let startMs = Math.floor((slot * options.rampMs) / options.calls);
    while (startMs < options.untilMs) {
      const call: ScheduledCall = { slot, callId: `c${options.seed}-${serial++}`, agentId: `a-${slot}`, startMs, talkMs: between(rng, talkLow, talkHigh), seed: Math.floor(rng() * 2 ** 31) };
      calls.push(call);
      startMs += callLengthMs(call, speech) + between(rng, turnLow, turnHigh);
    }
  }
  return calls.sort((a, b) => a.startMs - b.startMs || a.slot - b.slot);
}

/** What the load generator watches an event for: the first text of an utterance with the trigger, and its final. */
export type TriggerMark = 'provisional' | 'confirmed';

/** One event of a call's script, `atMs` after the call's start (which is also its `tMs`). */
export interface ScriptEvent {
  readonly atMs: number;
  readonly event: Readonly<Record<string, string | number>>;
  readonly trigger?: TriggerMark;
}

interface Turn {
  readonly speaker: 'agent' | 'customer';
  readonly text: string;
  readonly trigger: boolean;
}

/**
 * The protocol v1 events of one call, in order: call.started, a greeting, customer and agent turns (every few seconds;
 * some agent turns carry the trigger phrase), interim results every `partialEveryMs` while someone speaks (the whole
 * hypothesis so far, text revealed at the speaker's rate; a trigger phrase appears whole in one interim result), a
 * final per turn, the closing, call.ended. Every event has a contiguous `seq`, so the engine releases it at once.
 */
export function buildCallScript(call: ScheduledCall, speech: SpeechOptions = DEFAULT_SPEECH): ScriptEvent[] {
  const rng = seededRandom(call.seed);
  const { leadMs, turns } = planTurns(call, rng, speech);
  const events: ScriptEvent[] = [];
  let seq = 0;
  const { callId } = call;
  // Object literals of fixed shape (a spread here made the script 5× slower to build).
  const push = (atMs: number, event: Record<string, string | number>, trigger?: TriggerMark) => {
    events.push(trigger ? { atMs, event, trigger } : { atMs, event });
  };
  push(0, { type: 'call.started', callId, tMs: 0, seq: seq++, agentId: call.agentId, language: 'zh-CN' });
  let t = leadMs;
  turns.forEach((turn, index) => {
    const rate = turn.speaker === 'agent' ? speech.agentCharsPerSecond : speech.customerCharsPerSecond;
    const startMs = t;
    const endMs = startMs + Math.round((turn.text.length / rate) * 1000);
    const utteranceId = `u${index + 1}`;
    const at = turn.trigger ? turn.text.indexOf(TRIGGER) : -1;
    let shown = 0;
    let triggerSent = false;
    for (let now = startMs + speech.partialEveryMs; now < endMs; now += speech.partialEveryMs) {
      let length = Math.floor(((now - startMs) / 1000) * rate);
      // A recogniser gives a phrase as one chunk here, so exactly one interim result is the first to hold it.
      if (at >= 0 && length > at && length < at + TRIGGER.length) length = at;
      if (length <= shown || length >= turn.text.length) continue;
      shown = length;
      const text = turn.text.slice(0, length);
      const first = at >= 0 && !triggerSent && text.includes(TRIGGER);
      if (first) triggerSent = true;
      push(now, { type: 'utterance.partial', callId, tMs: now, seq: seq++, utteranceId, speaker: turn.speaker, text, startMs, endMs: now }, first ? 'provisional' : undefined);
    }
    const finalAt = endMs + speech.finalLagMs;
    push(finalAt, { type: 'utterance.final', callId, tMs: finalAt, seq: seq++, utteranceId, speaker: turn.speaker, text: turn.text, startMs, endMs }, turn.trigger ? 'confirmed' : undefined);
    t = endMs + between(rng, speech.gapMs[0], speech.gapMs[1]);
  });
  push(t, { type: 'call.ended', callId, tMs: t, seq: seq++, endedBy: 'customer' });
  return events;
}

/** How long a call's script runs, from call.started to call.ended. */
export function callLengthMs(call: ScheduledCall, speech: SpeechOptions = DEFAULT_SPEECH): number {
  // The same draws as buildCallScript, without making the events.
  const rng = seededRandom(call.seed);
  const { leadMs, turns } = planTurns(call, rng, speech);
  let t = leadMs;
  for (const turn of turns) {
    const rate = turn.speaker === 'agent' ? speech.agentCharsPerSecond : speech.customerCharsPerSecond;
    t += Math.round((turn.text.length / rate) * 1000) + between(rng, speech.gapMs[0], speech.gapMs[1]);
  }
  return t;
}

/**
 * The turns of a call and when the greeting starts (0.3–6 s after call.started: the line connecting, the agent
 * picking up), so calls started together soon fall out of step. The first trigger comes 0–14 s after the greeting.
 */
function planTurns(call: ScheduledCall, rng: () => number, speech: SpeechOptions): { leadMs: number; turns: Turn[] } {
  const leadMs = between(rng, 300, 6_000);
  const turns: Turn[] = [{ speaker: 'agent', text: pick(rng, GREETINGS), trigger: false }];
  const duration = (turn: Turn) => (turn.text.length / (turn.speaker === 'agent' ? speech.agentCharsPerSecond : speech.customerCharsPerSecond)) * 1000 + (speech.gapMs[0] + speech.gapMs[1]) / 2;
  let t = leadMs + duration(turns[0] as Turn);
  let nextTriggerAt = t + between(rng, 0, speech.triggerEveryMs[0]);
  let speaker: 'agent' | 'customer' = 'customer';
  while (t < call.talkMs) {
    let turn: Turn;
    if (speaker === 'customer') turn = { speaker, text: pick(rng, CUSTOMER_LINES), trigger: false };
    else if (t >= nextTriggerAt) {
      turn = { speaker, text: pick(rng, TRIGGER_LINES), trigger: true };
      nextTriggerAt = t + between(rng, speech.triggerEveryMs[0], speech.triggerEveryMs[1]);
    } else turn = { speaker, text: pick(rng, AGENT_LINES), trigger: false };
    turns.push(turn);
    t += duration(turn);
    speaker = speaker === 'agent' ? 'customer' : 'agent';
  }
  if (speaker === 'agent') turns.push({ speaker: 'customer', text: pick(rng, CUSTOMER_LINES), trigger: false });
  for (const [who, text] of CLOSING) turns.push({ speaker: who, text, trigger: false });
  return { leadMs, turns };
}

/** How many calls of a schedule are open at a moment (started, not yet ended). */
export function openCallsAt(schedule: readonly ScheduledCall[], atMs: number, lengthOf: (call: ScheduledCall) => number): number {
  return schedule.filter((c) => c.startMs <= atMs && c.startMs + lengthOf(c) > atMs).length;
}

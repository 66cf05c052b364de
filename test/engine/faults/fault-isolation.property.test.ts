import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { config, Observable } from 'rxjs';
import { BUILTIN_DETECTORS, BUILTIN_STAGES, parseEvent, type CallEvent, type DetectorFactory, type EngineInput, type EngineOptions, type EngineOutput, type EngineStages } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine, type TimedInput } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const en = shippedPack('en-US-standard');

const ZH_LINES = ['您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', '你问我，我问谁？', '请您稍等，我帮您查一下。', '不关我的事。', '好的，还有其他可以帮您的吗？', '感谢您的来电，再见。', '我的快递还没到。'];
const EN_LINES = ['Thank you for calling Star River, this is Sam, how can I help you today?', 'That is not my problem.', 'Could you hold on a moment while I check?', 'Calm down.', 'Is there anything else I can help you with?', 'Thanks for calling, goodbye.'];
/** Words that make the injected faulty stages throw: a poisoned call is one that says them. */
const REDUCER_POISON = '毒药';
const DETECTOR_POISON = '炸弹';

/** A reducer that throws on a poisoned final, and a detector that throws on a poisoned partial. */
const stages: Partial<EngineStages> = {
  reduceCall: (state, event) => {
    if (event.type === 'utterance.final' && event.text.includes(REDUCER_POISON)) throw new Error('drill');
    return BUILTIN_STAGES.reduceCall(state, event);
  },
};
const explodes: DetectorFactory = (rule, context) => (steps) =>
  (BUILTIN_DETECTORS.phrase as DetectorFactory)(rule as never, context)(
    new Observable<typeof steps extends Observable<infer S> ? S : never>((subscriber) =>
      steps.subscribe({
        next: (step) => {
          if (step.change.kind === 'utterance' && step.change.utterance.text.includes(DETECTOR_POISON)) subscriber.error(new Error('drill'));
          else subscriber.next(step);
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    ),
  );
const options: Partial<Omit<EngineOptions, 'scheduler' | 'packs'>> = { stages, detectors: { ...BUILTIN_DETECTORS, phrase: explodes as DetectorFactory<never> } };

interface CallPlan {
  readonly language: 'zh-CN' | 'en-US';
  readonly lines: ReadonlyArray<{ readonly speaker: 'agent' | 'customer'; readonly line: number; readonly pauseMs: number; readonly partial: boolean }>;
  readonly poison: 'none' | 'reducer' | 'detector';
  readonly endedBy: 'agent' | 'customer';
  readonly offsetMs: number;
}

const callPlan: fc.Arbitrary<CallPlan> = fc.record({
  language: fc.constantFrom('zh-CN' as const, 'en-US' as const),
  lines: fc.array(fc.record({ speaker: fc.constantFrom('agent' as const, 'customer' as const), line: fc.nat(), pauseMs: fc.integer({ min: 0, max: 20_000 }), partial: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  poison: fc.constantFrom('none' as const, 'none' as const, 'reducer' as const, 'detector' as const),
  endedBy: fc.constantFrom('agent' as const, 'customer' as const),
  offsetMs: fc.integer({ min: 0, max: 30_000 }),
});

function eventsOf(callId: string, plan: CallPlan): CallEvent[] {
  const script = callScript(callId, plan.language);
  const pool = plan.language === 'zh-CN' ? ZH_LINES : EN_LINES;
  plan.lines.forEach((l, i) => {
    let text = pool[l.line % pool.length] as string;
    if (i === plan.lines.length - 1 && plan.poison === 'reducer') text += REDUCER_POISON;
    if (i === plan.lines.length - 1 && plan.poison === 'detector') text += DETECTOR_POISON;
    script.pause(l.pauseMs).say(l.speaker, text, l.partial ? { partials: [text.slice(0, Math.ceil(text.length / 2))] } : {});
  });
  // Every event has an id, so a repeated delivery is recognisably a repeat.
  return script.end(plan.endedBy).events.map((e, i) => ({ ...e, eventId: `${callId}#${i}` }));
}

/** Bad input that touches no good call: garbage, events of calls never started, repeats, stale events. */
const noise: fc.Arbitrary<Array<{ atMs: number; input: EngineInput | 'repeat' | 'stale' }>> = fc.array(
  fc.record({
    atMs: fc.integer({ min: 0, max: 120_000 }),
    input: fc.oneof(
      fc.string({ maxLength: 40 }).map((text): EngineInput => {
        const parsed = parseEvent(text, { connection: 'fuzz', message: 1 });
        return parsed.ok ? { event: { ...parsed.event, callId: 'noise' } } : { error: parsed.error };
      }),
      fc.record({ callId: fc.constantFrom('ghost-1', 'ghost-2'), tMs: fc.nat({ max: 100_000 }) }).map((e): EngineInput => ({ event: { type: 'hold.started', ...e } })),
      fc.constant('repeat' as const),
      fc.constant('stale' as const),
    ),
  }),
  { maxLength: 25 },
);

const findingsOf = (outputs: readonly EngineOutput[], callId: string) => outputsOf(outputs, 'finding').filter((o) => o.finding.callId === callId).map((o) => o.finding);
const nudgesOf = (outputs: readonly EngineOutput[], callId: string) => outputsOf(outputs, 'nudge').filter((o) => o.nudge.callId === callId).map((o) => o.nudge);

let unhandled: unknown[] = [];
beforeAll(() => {
  config.onUnhandledError = (err) => unhandled.push(err);
});
afterAll(() => {
  config.onUnhandledError = null;
});

describe('the engine under random good, bad and faulting calls', () => {
  it('never stops, never leaks an unhandled error, and each good call gets exactly what it gets alone', () => {
    fc.assert(
      fc.property(fc.array(callPlan, { minLength: 2, maxLength: 6 }), noise, (plans, extras) => {
        unhandled = [];
        const calls = plans.map((plan, i) => ({ callId: `call-${i}`, plan, events: eventsOf(`call-${i}`, plan) }));
        const timed: TimedInput[] = calls.flatMap((c) => c.events.map((event) => ({ atMs: c.plan.offsetMs + event.tMs, input: { event } })));
        const all = calls.flatMap((c) => c.events.map((event) => ({ event, atMs: c.plan.offsetMs + event.tMs })));
        extras.forEach((extra, i) => {
          const pick = all[i % all.length];
          if (extra.input === 'repeat' && pick) timed.push({ atMs: pick.atMs + 50 + extra.atMs / 100, input: { event: pick.event } });
          else if (extra.input === 'stale' && pick && calls.find((c) => c.callId === pick.event.callId)?.plan.poison !== 'none') {
            // A stale event (older than what its call processed) only for faulting calls: good calls stay whole.
            timed.push({ atMs: pick.atMs + 5_000, input: { event: { ...pick.event, eventId: `${pick.event.eventId}-stale`, tMs: Math.max(0, pick.event.tMs - 4_000) } } });
          } else if (typeof extra.input === 'object') timed.push({ atMs: extra.atMs, input: extra.input });
        });
        timed.sort((a, b) => a.atMs - b.atMs);
        const together = runEngine(timed, [zh, en], options);

        for (const c of calls) {
          const alone = runEngine(
            c.events.map((event) => ({ atMs: c.plan.offsetMs + event.tMs, input: { event } })),
            [zh, en],
            options,
          );
          expect(findingsOf(together, c.callId)).toEqual(findingsOf(alone, c.callId));
          if (c.plan.poison === 'none') {
            expect(nudgesOf(together, c.callId)).toEqual(nudgesOf(alone, c.callId));
            expect(outputsOf(together, 'fault').filter((f) => f.fault.callId === c.callId)).toEqual([]);
          } else {
            expect(outputsOf(together, 'fault').filter((f) => f.fault.callId === c.callId).length).toBeGreaterThan(0);
          }
        }
        expect(unhandled).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

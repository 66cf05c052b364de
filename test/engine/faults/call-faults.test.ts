import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { config, map } from 'rxjs';
import { BUILTIN_STAGES, type CallEvent, type EngineOutput, type EngineStages } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine, type TimedInput } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');

const call = (callId: string) =>
  callScript(callId)
    .agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', { partials: ['您好，这里是'] })
    .customer('我的快递还没到。')
    .agent('你问我，我问谁？', { partials: ['你问我'] })
    .pause(30_000)
    .agent('好的。')
    .end('agent').events;

/** Each call's events at its own offset, so a call's own times are the same alone and among others. */
const at = (offsetMs: number, events: readonly CallEvent[]): TimedInput[] => events.map((event) => ({ atMs: offsetMs + event.tMs, input: { event } }));

/** What a call produced, minus the fault itself: what QA and the agent would see of it. */
const seen = (outputs: readonly EngineOutput[], callId: string) => ({
  findings: outputsOf(outputs, 'finding')
    .filter((o) => o.finding.callId === callId)
    .map((o) => o.finding),
  nudges: outputsOf(outputs, 'nudge')
    .filter((o) => o.nudge.callId === callId)
    .map((o) => o.nudge),
});

const solo = (callId: string, offsetMs: number) => seen(runEngine(at(offsetMs, call(callId)), [zh]), callId);

let unhandled: unknown[] = [];
beforeEach(() => {
  unhandled = [];
  config.onUnhandledError = (err) => unhandled.push(err);
});
afterEach(() => {
  config.onUnhandledError = null;
  expect(unhandled).toEqual([]);
});

/** A stage that throws for one call only. */
function throwingFor(callId: string, stage: 'reduceCall' | 'startCall'): Partial<EngineStages> {
  if (stage === 'startCall') {
    return {
      startCall: (event, packs) => {
        if (event.callId === callId) throw new TypeError('drill');
        return BUILTIN_STAGES.startCall(event, packs);
      },
    };
  }
  return {
    reduceCall: (state, event) => {
      if (event.callId === callId && event.type === 'utterance.final' && state.utterances.length >= 2) throw new RangeError('drill');
      return BUILTIN_STAGES.reduceCall(state, event);
    },
  };
}

describe('a call whose pipeline throws', () => {
  it.each(['reduceCall', 'startCall'] as const)('closes that call with a fault when %s throws, and the other calls see exactly what they see alone', (stage) => {
    const outputs = runEngine([...at(0, call('good-1')), ...at(700, call('bad')), ...at(1_300, call('good-2'))], [zh], { stages: throwingFor('bad', stage) });
    const faults = outputsOf(outputs, 'fault');
    expect(faults.map((f) => [f.fault.code, f.fault.stage, f.fault.callId])).toEqual([['CALLCOACH_ENGINE_CALL_FAILED', 'reducer', 'bad']]);
    expect(faults[0]?.fault.message).not.toMatch(/你问我|快递/);
    expect(outputsOf(outputs, 'call.closed').find((c) => c.callId === 'bad')?.reason).toBe('fault');
    expect(seen(outputs, 'good-1')).toEqual(solo('good-1', 0));
    expect(seen(outputs, 'good-2')).toEqual(solo('good-2', 1_300));
  });

  it('answers the faulted call’s later events with CALLCOACH_INGEST_CALL_FAULTED instead of opening a phantom call', () => {
    const outputs = runEngine(at(0, call('bad')), [zh], { stages: throwingFor('bad', 'reduceCall') });
    const refusals = outputsOf(outputs, 'rejected').map((r) => r.error.code);
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set(['CALLCOACH_INGEST_CALL_FAULTED']));
    expect(outputsOf(outputs, 'call.opened')).toHaveLength(1);
  });

  it('loses only its nudges when the nudge policy throws: its findings are still those of a healthy run', () => {
    const nudgePolicy: EngineStages['nudgePolicy'] = (options, context) => {
      if (context.callId !== 'bad') return BUILTIN_STAGES.nudgePolicy(options, context);
      return (signals) =>
        BUILTIN_STAGES.nudgePolicy(options, context)(signals).pipe(
          map(() => {
            throw new Error('drill');
          }),
        );
    };
    const outputs = runEngine([...at(0, call('bad')), ...at(500, call('good'))], [zh], { stages: { nudgePolicy } });
    expect(outputsOf(outputs, 'fault').map((f) => [f.fault.code, f.fault.stage, f.fault.callId])).toEqual([['CALLCOACH_ENGINE_NUDGES_FAILED', 'nudge-policy', 'bad']]);
    expect(seen(outputs, 'bad').findings).toEqual(solo('bad', 0).findings);
    expect(seen(outputs, 'bad').nudges).toEqual([]);
    expect(seen(outputs, 'good')).toEqual(solo('good', 500));
    expect(outputsOf(outputs, 'call.closed').find((c) => c.callId === 'bad')?.reason).toBe('ended');
  });
});

import { describe, expect, it } from '@jest/globals';
import { BUILTIN_DETECTORS, type DetectorFactory } from '../../../engine/index.js';
import { stepMachine } from '../../../engine/detectors/step-machine.js';
import { timedMachine } from '../../../engine/detectors/timed-machine.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const events = () =>
  callScript('c')
    .agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？', { at: 1_000 })
    .customer('我想查一下话费。')
    .agent('我查查。')
    .pause(30_000)
    .agent('你问我，我问谁？')
    .end('agent').events;

describe('a detector callback that throws', () => {
  it('in a timer disables its rule for the call with a fault; the other rules and the call go on', () => {
    const failsOnWake: DetectorFactory = (_rule, context) =>
      timedMachine(context.clock, {
        initial: () => 0,
        wakeAtMs: () => 5_000,
        onStep: (m) => ({ memory: m }),
        onWake: () => {
          throw new Error('boom');
        },
      });
    const outputs = runEngine(events(), [zh], { detectors: { ...BUILTIN_DETECTORS, silence: failsOnWake as DetectorFactory<never> } });
    expect(outputsOf(outputs, 'fault').map((f) => [f.fault.code, f.fault.ruleId])).toEqual([['CALLCOACH_ENGINE_DETECTOR_FAILED', 'zh.silence.dead_air']]);
    expect(outputsOf(outputs, 'finding').map((f) => f.finding.category)).toEqual(expect.arrayContaining(['forbidden_phrase', 'agent_hangup_first']));
    expect(outputsOf(outputs, 'call.closed')).toHaveLength(1);
  });

  it('in a step transition does the same, and never reaches the process as an unhandled error', () => {
    const failsOnUtterance: DetectorFactory = () =>
      stepMachine(
        () => 0,
        (m, step) => {
          if (step.change.kind === 'utterance') throw new Error('boom');
          return { memory: m };
        },
      );
    const outputs = runEngine(events(), [zh], { detectors: { ...BUILTIN_DETECTORS, interruption: failsOnUtterance as DetectorFactory<never> } });
    expect(outputsOf(outputs, 'fault').map((f) => f.fault.ruleId)).toEqual(['zh.interruption.agent']);
    expect(outputsOf(outputs, 'finding').map((f) => f.finding.category)).toEqual(expect.arrayContaining(['dead_air', 'forbidden_phrase']));
  });
});

import { describe, expect, it } from '@jest/globals';
import { findingId } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const packs = [shippedPack('zh-CN-standard')];
const call = (callId: string) => callScript(callId).agent('喂。').agent('你问我，我问谁？').customer('好吧。').end('agent').events;

describe('findingId', () => {
  it('gives a finding and the nudge it raised one id, the same on every run of the same events', () => {
    const first = runEngine(call('c-id'), packs);
    const again = runEngine(call('c-id'), packs);
    const findings = outputsOf(first, 'finding').map((o) => o.finding);
    expect(findings.length).toBeGreaterThan(0);
    const nudgeIds = new Set(outputsOf(first, 'nudge').map((o) => o.nudge.nudgeId));
    const raised = findings.filter((f) => nudgeIds.has(findingId(f.callId, f.key)));
    expect(raised.length).toBeGreaterThan(0);
    expect(outputsOf(again, 'finding').map((o) => findingId(o.finding.callId, o.finding.key))).toEqual(findings.map((f) => findingId(f.callId, f.key)));
    expect(outputsOf(again, 'nudge').map((o) => o.nudge.nudgeId)).toEqual(outputsOf(first, 'nudge').map((o) => o.nudge.nudgeId));
  });

  it('differs between calls with the same violation', () => {
    const ids = (callId: string) => outputsOf(runEngine(call(callId), packs), 'finding').map((o) => findingId(o.finding.callId, o.finding.key));
    const a = ids('c-a');
    expect(a.filter((id) => ids('c-b').includes(id))).toEqual([]);
  });
});

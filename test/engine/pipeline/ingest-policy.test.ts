import { describe, expect, it } from '@jest/globals';
import type { CallEvent } from '../../../engine/index.js';
import { callScript, interleave } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine, type TimedInput } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');

function goodCall(callId: string): CallEvent[] {
  return callScript(callId)
    .agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？')
    .customer('我的快递一直没到。')
    .agent('你问我，我问谁？')
    .agent('请问还有其他可以帮您的吗？')
    .agent('感谢您的来电，再见！')
    .end('agent').events;
}

function summary(outputs: ReturnType<typeof runEngine>, callId: string) {
  return outputsOf(outputs, 'finding')
    .filter((o) => o.finding.callId === callId)
    .map((o) => `${o.finding.ruleId}@${o.finding.utteranceId ?? '-'}`)
    .sort();
}

describe('createEngine ingest policy', () => {
  const reference = summary(runEngine(goodCall('ok'), [zh]), 'ok');

  it('finds the expected violations in a clean call', () => {
    expect(reference).toEqual(['zh.forbidden.ni_wen_wo@u3', 'zh.hangup.agent_first@-']);
  });

  it('ignores a repeated eventId with a warning and leaves the call intact', () => {
    const events = goodCall('dup').map((e, i) => ({ ...e, eventId: `e${i}` }));
    const withDuplicate = [...events.slice(0, 4), events[3] as CallEvent, ...events.slice(4)];
    const outputs = runEngine(withDuplicate, [zh]);
    const rejected = outputsOf(outputs, 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.error).toMatchObject({ code: 'CALLCOACH_INGEST_DUPLICATE_EVENT', severity: 'warning', callId: 'dup' });
    expect(summary(outputs, 'dup')).toEqual(reference);
  });

  it('re-orders an event that arrives late within the reorder window', () => {
    const events = goodCall('late');
    // The customer's final (index 2) arrives 150 ms after the agent's next final was sent.
    const timed: TimedInput[] = events.map((e) => ({ atMs: e.tMs, input: { event: e } }));
    const swapped = [...timed];
    const customerFinal = swapped[2] as TimedInput;
    swapped[2] = { atMs: customerFinal.atMs, input: { event: { ...(customerFinal.input as { event: CallEvent }).event } } };
    const late = swapped.map((t, i) => (i === 2 ? { ...t, atMs: t.atMs + 150 } : t));
    const outputs = runEngine(late, [zh], { reorderWindowMs: 200 });
    expect(outputsOf(outputs, 'rejected')).toHaveLength(0);
    expect(summary(outputs, 'late')).toEqual(reference);
  });

  it('rejects an event older than one already processed, naming the call and the window', () => {
    const timed = (events: CallEvent[]): TimedInput[] => events.map((e) => ({ atMs: e.tMs, input: { event: e } }));
    const a = goodCall('ooo');
    const lateAt = (a[3] as CallEvent).tMs + 1_000;
    const late: TimedInput = { atMs: lateAt, input: { event: { type: 'hold.started', callId: 'ooo', tMs: 1_500 } } };
    const outputs = runEngine([...timed(a), late, ...timed(goodCall('bystander'))], [zh], { reorderWindowMs: 200 });
    const rejected = outputsOf(outputs, 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.error).toMatchObject({ code: 'CALLCOACH_INGEST_OUT_OF_ORDER', callId: 'ooo', field: 'tMs' });
    expect(rejected[0]?.error.message).toContain('reorder window is 200 ms');
    expect(summary(outputs, 'ooo')).toEqual(reference);
    expect(summary(outputs, 'bystander')).toEqual(reference);
  });

  it('rejects events of a call that never started, and serves the other calls', () => {
    const orphan: CallEvent = { type: 'utterance.final', callId: 'ghost', utteranceId: 'u1', speaker: 'agent', text: '喂', startMs: 0, endMs: 10, tMs: 20 };
    const outputs = runEngine(interleave(goodCall('real'), [orphan]), [zh]);
    const rejected = outputsOf(outputs, 'rejected');
    expect(rejected.map((r) => r.error.code)).toEqual(['CALLCOACH_INGEST_UNKNOWN_CALL']);
    expect(rejected[0]?.error.callId).toBe('ghost');
    expect(summary(outputs, 'real')).toEqual(reference);
  });

  it('rejects events after call.ended with a clear error', () => {
    const events = goodCall('over');
    const endedAt = (events[events.length - 1] as CallEvent).tMs;
    const late: CallEvent = { type: 'utterance.final', callId: 'over', utteranceId: 'u99', speaker: 'agent', text: '你问我我问谁', startMs: endedAt + 10, endMs: endedAt + 20, tMs: endedAt + 30 };
    const afterClose: CallEvent = { ...late, utteranceId: 'u100', tMs: endedAt + 60_000, startMs: endedAt + 59_000, endMs: endedAt + 59_500 };
    const outputs = runEngine([...events, late, afterClose], [zh], { lingerMs: 10_000 });
    expect(outputsOf(outputs, 'rejected').map((r) => r.error.code)).toEqual(['CALLCOACH_INGEST_CALL_ALREADY_ENDED', 'CALLCOACH_INGEST_CALL_ALREADY_ENDED']);
    expect(summary(outputs, 'over')).toEqual(reference);
  });

  it('reports parse errors in order without disturbing calls', () => {
    const outputs = runEngine([{ atMs: 5, input: { error: { code: 'CALLCOACH_INGEST_MALFORMED_JSON', message: 'not valid JSON', severity: 'error', source: { line: 3 } } } }, ...goodCall('fine')], [zh]);
    expect(outputsOf(outputs, 'rejected')[0]?.error.source).toEqual({ line: 3 });
    expect(summary(outputs, 'fine')).toEqual(reference);
  });

  it('refuses a partial that arrives after its final', () => {
    const events = goodCall('stale');
    const final = events.find((e) => e.type === 'utterance.final' && e.utteranceId === 'u2') as CallEvent & { utteranceId: string };
    const stale: CallEvent = { ...(final as Extract<CallEvent, { type: 'utterance.final' }>), type: 'utterance.partial', tMs: final.tMs };
    const outputs = runEngine([...events.slice(0, 5), stale, ...events.slice(5)], [zh], { reorderWindowMs: 0 });
    expect(outputsOf(outputs, 'rejected').map((r) => r.error.code)).toEqual(['CALLCOACH_INGEST_UTTERANCE_ALREADY_FINAL']);
  });

  it('releases an idle call and says why', () => {
    const events = goodCall('idle').slice(0, -1);
    const outputs = runEngine(events, [zh], { idleTimeoutMs: 60_000 });
    const closed = outputsOf(outputs, 'call.closed');
    expect(closed).toEqual([expect.objectContaining({ callId: 'idle', reason: 'idle' })]);
  });

  it('releases seq-numbered events at once when they are contiguous', () => {
    const events = goodCall('seq').map((e, i) => ({ ...e, seq: i }));
    const outputs = runEngine(events, [zh], { reorderWindowMs: 5_000 });
    const finding = outputsOf(outputs, 'finding').find((o) => o.finding.ruleId === 'zh.forbidden.ni_wen_wo');
    const final = events.find((e) => e.type === 'utterance.final' && e.utteranceId === 'u3') as CallEvent;
    expect(finding?.finding.confirmedAtMs).toBe(final.tMs);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { firstValueFrom, take, toArray } from 'rxjs';
import { replayOnVirtualClock } from '../../../adapters/batch/virtual-replay.js';
import { partitionOf } from '../../../adapters/nats/event-subjects.js';
import { openEventPublisher } from '../../../adapters/nats/nats-event-publisher.js';
import { consumeBusEvents } from '../../../adapters/nats/nats-event-source.js';
import { createEngine, type CallEvent, type EngineInput } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';

// The real NATS server with JetStream: .ci/run sets the URL and fails when it is unreachable.
const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `${process.pid}_${Date.now()}`;
const bus = { servers: NATS_URL, stream: `CALLCOACH_TEST_${run}`, subjectPrefix: `cctest.${run}.events`, partitions: 4 };
const packs = [shippedPack('zh-CN-standard')];

async function deleteStream(name: string): Promise<void> {
  const connection = await connect({ servers: NATS_URL });
  await (await jetstreamManager(connection)).streams.delete(name).catch(() => undefined);
  await connection.drain();
}

afterAll(() => deleteStream(bus.stream));

async function untilNoPullsWaiting(stream: string, consumers: readonly string[]): Promise<void> {
  const connection = await connect({ servers: NATS_URL });
  const manager = await jetstreamManager(connection);
  for (let attempt = 0; attempt < 200; attempt++) {
    const waiting = await Promise.all(consumers.map(async (c) => (await manager.consumers.info(stream, c)).num_waiting));
    if (waiting.every((n) => n === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await connection.drain();
}

function calls(count: number, prefix: string): CallEvent[][] {
  return Array.from({ length: count }, (_, i) => callScript(`${prefix}-${i}`).agent('您好。').agent('你问我，我问谁？').end(i % 2 === 0 ? 'agent' : 'customer').events.map((e, n) => ({ ...e, eventId: `e${n}` })));
}

const findingsOf = (inputs: readonly EngineInput[]) => {
  const byCall = new Map<string, EngineInput[]>();
  for (const input of inputs) if ('event' in input) byCall.set(input.event.callId, [...(byCall.get(input.event.callId) ?? []), input]);
  return replayOnVirtualClock([...byCall.values()], (scheduler) => createEngine({ scheduler, packs: () => packs }))
    .flatMap((o) => (o.type === 'finding' ? [`${o.finding.callId}/${o.finding.ruleId}`] : []))
    .sort();
};

describe('the NATS JetStream event bus', () => {
  it('splits calls between workers by partition, each call whole and in order on one worker', async () => {
    const recorded = calls(12, 'split');
    const publisher = await openEventPublisher(bus);
    for (const event of recorded.flat()) await publisher.publish(event);
    await publisher.publish(recorded[0]?.[1] as CallEvent); // a producer's retry: JetStream drops it by eventId
    await publisher.close();

    const expectedFor = (own: number[]) => recorded.filter((c) => own.includes(partitionOf(c[0]?.callId as string, 4))).flat().length;
    const [a, b] = await Promise.all(
      [
        [0, 1],
        [2, 3],
      ].map((own) => firstValueFrom(consumeBusEvents({ ...bus, ownPartitions: own, durable: `w${own.join('')}-${run}` }).pipe(take(expectedFor(own)), toArray()))),
    );
    const callsOf = (inputs: EngineInput[]) => new Set(inputs.flatMap((i) => ('event' in i ? [i.event.callId] : [])));
    const onA = callsOf(a as EngineInput[]);
    const onB = callsOf(b as EngineInput[]);
    expect([...onA].filter((c) => onB.has(c))).toEqual([]);
    expect(onA.size + onB.size).toBe(12);
    for (const inputs of [a, b] as EngineInput[][]) {
      for (const call of callsOf(inputs)) {
        const ids = inputs.flatMap((i) => ('event' in i && i.event.callId === call ? [i.event.eventId] : []));
        expect(ids).toEqual(recorded.find((c) => c[0]?.callId === call)?.map((e) => e.eventId));
      }
    }
    expect([...findingsOf(a as EngineInput[]), ...findingsOf(b as EngineInput[])].sort()).toEqual(findingsOf(recorded.flat().map((event) => ({ event }))));
  });

  it('resumes a restarted worker where it stopped: nothing acknowledged again, nothing lost', async () => {
    const own = [0, 1, 2, 3];
    const resumeBus = { ...bus, stream: `${bus.stream}_RESUME`, subjectPrefix: `${bus.subjectPrefix}resume` };
    const recorded = calls(3, 'resume').flat();
    const publisher = await openEventPublisher(resumeBus);
    const durable = `resume-${run}`;
    for (const event of recorded.slice(0, 5)) await publisher.publish(event);
    const first = await firstValueFrom(consumeBusEvents({ ...resumeBus, ownPartitions: own, durable }).pipe(take(5), toArray()));
    // The stopped worker's pull requests must be gone before more is published, or the server would hand those
    // messages to a worker that no longer listens (they would come back only after the ack wait).
    await untilNoPullsWaiting(resumeBus.stream, own.map((p) => `${durable}-p${p}`));
    for (const event of recorded.slice(5)) await publisher.publish(event);
    await publisher.close();
    const rest = await firstValueFrom(consumeBusEvents({ ...resumeBus, ownPartitions: own, durable }).pipe(take(recorded.length - 5), toArray()));
    const keys = (inputs: EngineInput[]) => inputs.map((i) => ('event' in i ? `${i.event.callId}/${i.event.eventId}` : 'error'));
    expect([...keys(first), ...keys(rest)].sort()).toEqual(recorded.map((e) => `${e.callId}/${e.eventId}`).sort());
    await deleteStream(resumeBus.stream);
  });

  it('turns a malformed message into an error naming its stream sequence', async () => {
    const own = { ...bus, stream: `${bus.stream}_BAD`, subjectPrefix: `${bus.subjectPrefix}bad`, partitions: 1 };
    const publisher = await openEventPublisher(own);
    await publisher.publish({ type: 'call.started', callId: 'bad-1', tMs: 0, language: 'zh-CN' });
    await publisher.close();
    const connection = await connect({ servers: NATS_URL });
    await jetstream(connection).publish(`${own.subjectPrefix}.0.garbled`, '{"type":"call.started",');
    await connection.drain();
    const inputs = await firstValueFrom(consumeBusEvents({ ...own, ownPartitions: [0], durable: `bad-${run}` }).pipe(take(2), toArray()));
    expect('event' in (inputs[0] as EngineInput)).toBe(true);
    expect((inputs[1] as { error: unknown }).error).toMatchObject({ code: 'CALLCOACH_INGEST_MALFORMED_JSON', source: { connection: `nats:${own.stream}`, message: 2 } });
    await deleteStream(own.stream);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { filter, firstValueFrom } from 'rxjs';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { openEventPublisher } from '../../../adapters/nats/nats-event-publisher.js';
import { consumeBusEvents } from '../../../adapters/nats/nats-event-source.js';
import { startServer } from '../../../adapters/server/create-server.js';
import { testAuth } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { shippedPack } from '../../support/packs.js';

const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `${process.pid}_${Date.now()}`;
const bus = { servers: NATS_URL, stream: `CALLCOACH_SERVE_${run}`, subjectPrefix: `ccserve.${run}.events`, partitions: 2 };

afterAll(async () => {
  const connection = await connect({ servers: NATS_URL });
  await (await jetstreamManager(connection)).streams.delete(bus.stream).catch(() => undefined);
  await connection.drain();
});

describe('serve as a bus worker', () => {
  it('checks calls it reads from NATS JetStream like calls from its WebSocket', async () => {
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      packs: () => [shippedPack('zh-CN-standard')],
      log: silentLogger,
      auth: testAuth,
      scheduler: new HeapVirtualScheduler(),
      engine: { reorderWindowMs: 0 },
      busEvents: consumeBusEvents({ ...bus, ownPartitions: [0, 1], durable: `serve-${run}` }),
    });
    const found = firstValueFrom(server.outputs.pipe(filter((o) => o.type === 'finding' && o.finding.ruleId === 'zh.hangup.agent_first')));
    const publisher = await openEventPublisher(bus);
    for (const event of callScript('bus-call').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end('agent').events) await publisher.publish(event);
    await publisher.close();
    expect(await found).toMatchObject({ finding: { callId: 'bus-call', category: 'agent_hangup_first' } });
    await server.close();
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { natsReadiness } from '../../../adapters/nats/nats-readiness.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { openRedisFeedRelay } from '../../../adapters/redis/redis-feed-relay.js';
import { startServer } from '../../../adapters/server/create-server.js';
import { openPostgresFindingStore } from '../../../adapters/store/postgres-finding-store.js';
import { testAuth } from '../../support/auth.js';

// The real servers: .ci/run sets these and fails when one is unreachable.
const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.CALLCOACH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NATS_URL = process.env.CALLCOACH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const schema = `callcoach_ready_${process.pid}`;

afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe('/readyz', () => {
  it('is ready when PostgreSQL, Redis and NATS answer, and names the one that does not', async () => {
    const store = await openPostgresFindingStore(POSTGRES_URL, { schema });
    const relay = await openRedisFeedRelay(REDIS_URL, `callcoach:ready-test-${process.pid}`);
    const nats = natsReadiness(NATS_URL);
    const deadNats = natsReadiness('nats://127.0.0.1:1');
    const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log: silentLogger, auth: testAuth, store, relay, readiness: [{ name: 'nats', check: nats.check }] });
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { store: 'ok', redis: 'ok', nats: 'ok' } });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
    const broken = await startServer({ port: 0, host: '127.0.0.1', packs: () => [], log: silentLogger, auth: testAuth, store, readiness: [{ name: 'nats', check: deadNats.check }] });
    try {
      await store.close();
      const notReady = await fetch(`${broken.url}/readyz`);
      expect(notReady.status).toBe(503);
      const body = (await notReady.json()) as { ready: boolean; checks: Record<string, string> };
      expect(body.ready).toBe(false);
      expect(body.checks.store).not.toBe('ok');
      expect(body.checks.nats).toMatch(/nats|connect|refused/i);
      // Liveness stays green: the process is fine, its dependencies are not.
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(200);
    } finally {
      await broken.close();
      await relay.close();
      await nats.close();
      await deadNats.close();
    }
  });
});

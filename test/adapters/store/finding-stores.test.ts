import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { openPostgresFindingStore } from '../../../adapters/store/postgres-finding-store.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import type { Finding } from '../../../engine/index.js';

// The real server: .ci/run sets the URL and fails when PostgreSQL is unreachable; locally it defaults to the service on this machine.
const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `callcoach_test_${process.pid}`;

const finding = (key: string, callId = 'c-1'): Finding => ({
  key,
  callId,
  category: 'forbidden_phrase',
  ruleId: 'zh.forbidden.buguan',
  packId: 'zh-CN-standard',
  packVersion: '1.0.0',
  severity: 'warn',
  utteranceId: 'u3',
  atMs: 12_000,
  confirmedAtMs: 12_900,
  evidence: { explanation: 'said a forbidden phrase', quote: '不关我的事', spans: [{ utteranceId: 'u3', start: 2, end: 7 }], method: 'homophone', confidence: 0.9 },
});

const stores: Array<[string, () => Promise<FindingStore>]> = [
  ['sqlite', async () => openSqliteFindingStore(join(mkdtempSync(join(tmpdir(), 'callcoach-sqlite-')), 'f.sqlite'))],
  ['postgres', () => openPostgresFindingStore(POSTGRES_URL, { schema })],
];

afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.each(stores)('%s finding store', (_name, open) => {
  let store: FindingStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('keeps calls and findings, once per key, with their evidence', async () => {
    await store.callOpened({ callId: 'c-1', agentId: 'a-17', language: 'zh-CN', packs: ['zh-CN-standard@1.0.0'] });
    await store.saveFinding(finding('zh.forbidden.buguan:u3'));
    await store.saveFinding(finding('zh.forbidden.buguan:u3'));
    await store.saveFinding(finding('zh.opening.greeting:firstTurns'));
    await store.callClosed('c-1', 'ended');
    const [call] = await store.listCalls();
    expect(call).toMatchObject({ callId: 'c-1', agentId: 'a-17', language: 'zh-CN', packs: ['zh-CN-standard@1.0.0'], closeReason: 'ended', findings: 2 });
    const findings = await store.findingsOf('c-1');
    expect(findings).toHaveLength(2);
    expect(findings[0]).toEqual({ findingId: `c-1:${findings[0]?.key}`, ...finding(findings[0]?.key ?? '') });
  });

  it('records a QA verdict on a finding', async () => {
    expect(await store.review('c-1', 'zh.forbidden.buguan:u3', 'dismissed', { subject: 'qa-lead', role: 'qa' }, 'customer quoted it')).toBe(true);
    expect(await store.review('c-1', 'no-such-key', 'confirmed', { subject: 'qa-lead', role: 'qa' })).toBe(false);
    const reviewed = (await store.findingsOf('c-1')).find((f) => f.key === 'zh.forbidden.buguan:u3');
    expect(reviewed?.review).toMatchObject({ verdict: 'dismissed', reviewer: 'qa-lead', note: 'customer quoted it' });
  });

  it('keeps an audit line per review, with before and after, and none for a finding that does not exist', async () => {
    await store.review('c-1', 'zh.forbidden.buguan:u3', 'confirmed', { subject: 'qa-lead-2', role: 'admin' });
    const trail = await store.auditOf('c-1');
    expect(trail.map((a) => [a.actor, a.role, a.action, a.target])).toEqual([
      ['qa-lead', 'qa', 'review', 'zh.forbidden.buguan:u3'],
      ['qa-lead-2', 'admin', 'review', 'zh.forbidden.buguan:u3'],
    ]);
    expect(trail[1]).toMatchObject({ before: { verdict: 'dismissed', reviewer: 'qa-lead', note: 'customer quoted it' }, after: { verdict: 'confirmed', reviewer: 'qa-lead-2' } });
    expect(Date.parse(trail[0]?.at ?? '')).not.toBeNaN();
  });
});

describe('the audit log is append-only in the database itself', () => {
  it('SQLite refuses UPDATE and DELETE on audit_log', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'callcoach-audit-')), 'f.sqlite');
    const store = openSqliteFindingStore(file);
    await store.audit({ actor: 'qa', role: 'qa', action: 'export', target: 'csv' });
    await store.close();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'someone-else'").run()).toThrow('append-only');
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('append-only');
    expect((db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('PostgreSQL refuses UPDATE, DELETE and TRUNCATE on callcoach_audit_log', async () => {
    const auditSchema = `${schema}_audit`;
    const store = await openPostgresFindingStore(POSTGRES_URL, { schema: auditSchema });
    await store.audit({ actor: 'qa', role: 'qa', action: 'export', target: 'csv' });
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await expect(client.query(`UPDATE ${auditSchema}.callcoach_audit_log SET actor = 'someone-else'`)).rejects.toThrow('append-only');
      await expect(client.query(`DELETE FROM ${auditSchema}.callcoach_audit_log`)).rejects.toThrow('append-only');
      await expect(client.query(`TRUNCATE ${auditSchema}.callcoach_audit_log`)).rejects.toThrow('append-only');
      expect((await client.query(`SELECT COUNT(*)::int AS n FROM ${auditSchema}.callcoach_audit_log`)).rows[0].n).toBe(1);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${auditSchema} CASCADE`);
      await client.end();
    }
  });
});

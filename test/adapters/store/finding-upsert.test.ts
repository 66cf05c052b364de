import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { openFindingStore } from '../../../adapters/store/open-finding-store.js';
import { openPostgresFindingStore } from '../../../adapters/store/postgres-finding-store.js';
import { POSTGRES_MIGRATIONS } from '../../../adapters/store/postgres-migrations.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import { migrateSqlite, SQLITE_MIGRATIONS } from '../../../adapters/store/sqlite-migrations.js';
import { findingId, type Finding } from '../../../engine/index.js';

const POSTGRES_URL = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `${process.pid}_${Date.now()}`;
const schemas: string[] = [];
const freshSchema = (name: string) => {
  const schema = `callcoach_upsert_${name}_${run}`;
  schemas.push(schema);
  return schema;
};

afterAll(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  key: 'zh.forbidden.buguan:u3',
  callId: 'c-9',
  category: 'forbidden_phrase',
  ruleId: 'zh.forbidden.buguan',
  packId: 'zh-CN-standard',
  packVersion: '1.0.0',
  severity: 'warn',
  utteranceId: 'u3',
  atMs: 12_000,
  confirmedAtMs: 12_900,
  evidence: { explanation: 'said a forbidden phrase', quote: '不关我的事', spans: [{ utteranceId: 'u3', start: 2, end: 7 }] },
  ...overrides,
});

const sqliteFile = () => join(mkdtempSync(join(tmpdir(), 'callcoach-upsert-')), 'f.sqlite');
const stores: Array<[string, () => Promise<FindingStore>]> = [
  ['sqlite', async () => openSqliteFindingStore(sqliteFile())],
  ['postgres', () => openPostgresFindingStore(POSTGRES_URL, { schema: freshSchema('each') })],
];

describe.each(stores)('%s store upsert on the deterministic finding id', (_name, open) => {
  it('stores a finding replayed by another worker once, under findingId(call, key)', async () => {
    const store = await open();
    await store.callOpened({ callId: 'c-9', language: 'zh-CN', packs: ['zh-CN-standard@1.0.0'] });
    for (let replay = 0; replay < 3; replay++) await store.saveFinding(finding());
    await store.saveFinding(finding({ key: 'zh.forbidden.buguan:u7', utteranceId: 'u7' }));
    const stored = await store.findingsOf('c-9');
    expect(stored.map((f) => f.findingId)).toEqual([findingId('c-9', 'zh.forbidden.buguan:u3'), findingId('c-9', 'zh.forbidden.buguan:u7')]);
    expect((await store.listCalls())[0]?.findings).toBe(2);
    await store.close();
  });

  it('refreshes an unreviewed row from the replay and leaves a reviewed one as the reviewer judged it', async () => {
    const store = await open();
    await store.saveFinding(finding({ callId: 'c-10', confirmedAtMs: 13_000 }));
    await store.saveFinding(finding({ callId: 'c-10', key: 'zh.forbidden.buguan:u8', utteranceId: 'u8' }));
    expect(await store.review('c-10', 'zh.forbidden.buguan:u8', 'confirmed', { subject: 'qa-1', role: 'qa' })).toBe(true);
    const replayedEvidence = { explanation: 'said a forbidden phrase (replayed)' };
    await store.saveFinding(finding({ callId: 'c-10', confirmedAtMs: 12_950, evidence: replayedEvidence }));
    await store.saveFinding(finding({ callId: 'c-10', key: 'zh.forbidden.buguan:u8', utteranceId: 'u8', evidence: replayedEvidence }));
    const [fresh, judged] = await store.findingsOf('c-10');
    expect(fresh).toMatchObject({ confirmedAtMs: 12_950, evidence: replayedEvidence });
    expect(fresh?.review).toBeUndefined();
    expect(judged).toMatchObject({ evidence: finding().evidence, review: { verdict: 'confirmed', reviewer: 'qa-1' } });
    await store.close();
  });
});

describe('versioned migrations', () => {
  it('SQLite: a file written before versioning gets finding ids, keeps its reviews, and is migrated once', async () => {
    const file = sqliteFile();
    const old = new Database(file);
    migrateSqlite(old, SQLITE_MIGRATIONS.slice(0, 1));
    old.prepare("DELETE FROM schema_migrations").run(); // as a file from before versioning has no record at all
    old
      .prepare(
        `INSERT INTO findings (call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence, review_verdict, reviewer, reviewed_at)
         VALUES ('old-1', 'r:u1', 'forbidden_phrase', 'r', 'p', '1.0.0', 'warn', 'u1', 1, 2, '{"explanation":"x"}', 'dismissed', 'qa-0', '2026-01-01T00:00:00.000Z')`,
      )
      .run();
    old.close();
    for (let opening = 0; opening < 2; opening++) {
      const store = openSqliteFindingStore(file);
      await store.saveFinding(finding({ callId: 'old-1', key: 'r:u1', ruleId: 'r', packId: 'p' }));
      const [row] = await store.findingsOf('old-1');
      expect(row).toMatchObject({ findingId: 'old-1:r:u1', evidence: { explanation: 'x' }, review: { verdict: 'dismissed', reviewer: 'qa-0' } });
      await store.close();
    }
    const db = new Database(file);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version })));
    expect((db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('PostgreSQL: a v1 schema gets finding ids and keeps its reviews; workers opening at once migrate it once', async () => {
    const schema = freshSchema('v1');
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    await client.query((POSTGRES_MIGRATIONS[0] as { sql: string }).sql);
    await client.query(
      `INSERT INTO callcoach_findings (call_id, key, category, rule_id, pack_id, pack_version, severity, utterance_id, at_ms, confirmed_at_ms, evidence, review_verdict, reviewer, reviewed_at)
       VALUES ('old-1', 'r:u1', 'forbidden_phrase', 'r', 'p', '1.0.0', 'warn', 'u1', 1, 2, '{"explanation":"x"}', 'dismissed', 'qa-0', now())`,
    );
    const workers = await Promise.all([0, 1, 2].map(() => openFindingStore(`${POSTGRES_URL}?schema=${schema}`)));
    for (const store of workers) await store.saveFinding(finding({ callId: 'old-1', key: 'r:u1', ruleId: 'r', packId: 'p' }));
    const [row, ...rest] = await (workers[0] as FindingStore).findingsOf('old-1');
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ findingId: 'old-1:r:u1', evidence: { explanation: 'x' }, review: { verdict: 'dismissed', reviewer: 'qa-0' } });
    const versions = await client.query(`SELECT version FROM ${schema}.callcoach_schema_migrations ORDER BY version`);
    expect(versions.rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    for (const store of workers) await store.close();
    await client.end();
  });
});

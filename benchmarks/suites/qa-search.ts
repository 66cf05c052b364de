import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Authenticator } from '../../adapters/auth/authenticator.js';
import { silentLogger } from '../../adapters/log/logger.js';
import { QaWorkspace } from '../../adapters/qa/qa-workspace.js';
import { startServer } from '../../adapters/server/create-server.js';
import type { FindingStore } from '../../adapters/store/finding-store.js';
import { openPostgresFindingStore } from '../../adapters/store/postgres-finding-store.js';
import { openQaStore } from '../../adapters/store/qa/open-qa-store.js';
import type { BulkCall, QaStore } from '../../adapters/store/qa/qa-store.js';
import { openSqliteFindingStore } from '../../adapters/store/sqlite-finding-store.js';
import { compilePackAt } from '../../rules/index.js';
import type { BenchContext, BenchSuite } from '../bench-suite.js';
import { median, table } from '../support/measure.js';

const ZH_LINES = ['您好，这里是星河客服中心，工号{n}为您服务，请问有什么可以帮您？', '我的快递三天了还没到', '请您稍等，我帮您查询一下物流信息', '让您久等了，包裹在转运中心', '你问我，我问谁？', '这个不归我管', '请问还有其他可以帮您的吗？', '感谢您的来电，再见'];
const EN_LINES = ['Thank you for calling Star River, this is agent {n}, how can I help?', 'My parcel has not arrived yet', 'Let me check the tracking for you', 'Thank you for waiting, it is at the depot', 'That is not my problem', 'Calm down, sir', 'Is there anything else I can help with?', 'Thanks for calling, goodbye'];
const RUDE = new Map([[4, 'zh.forbidden.ni_wen_wo'], [5, 'zh.forbidden.bu_guan_wo']]);

/** Deterministic calls: 200 agents in 20 teams over 90 days, zh and en, a forbidden phrase in about one call in four. */
function generateCalls(count: number): BulkCall[] {
  let seed = 20250312;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const agent = Math.floor(random() * 200);
    const zh = random() < 0.7;
    const pool = zh ? ZH_LINES : EN_LINES;
    const picks = [0, 1, 2, 3, ...(random() < 0.25 ? [random() < 0.5 ? 4 : 5] : []), 6, 7];
    const rude = picks.filter((p) => RUDE.has(p));
    return {
      callId: `bench-${String(i).padStart(6, '0')}`,
      agentId: `A${agent}`,
      teamId: `T${agent % 20}`,
      language: zh ? 'zh-CN' : 'en-US',
      openedAt: new Date(start + Math.floor(random() * 90 * 86_400_000)).toISOString(),
      closedAt: new Date(start + 90 * 86_400_000).toISOString(),
      findings: rude.map((p) => ({ ruleId: zh ? (RUDE.get(p) as string) : (RUDE.get(p) as string).replace('zh.', 'en.'), category: 'forbidden_phrase', severity: 'warn' })),
      lines: picks.map((p, j) => ({ utteranceId: `u${j}`, speaker: j % 2 ? 'customer' : 'agent', text: (pool[p] as string).replace('{n}', String(1000 + agent)) })),
      score: Math.round((rude.length ? 60 : 85) + random() * 15),
      scorecard: zh ? 'zh-CN-qa@1.3.0' : 'en-US-qa@1.3.0',
    };
  });
}

const QUERIES: ReadonlyArray<[string, string]> = [
  ['newest page, no filter', ''],
  ['one agent', 'agent=A17'],
  ['team + date range (one week)', 'team=T3&from=2025-02-03&to=2025-02-10'],
  ['rule + score band', 'rule=zh.forbidden.ni_wen_wo&scoreMax=70'],
  ['review state + language', 'state=unreviewed&language=en'],
  ['full text zh, 2 characters (问谁)', `q=${encodeURIComponent('问谁')}`],
  ['full text zh + team', `q=${encodeURIComponent('不归我管')}&team=T5`],
  ['full text en phrase', `q=${encodeURIComponent('not my problem')}`],
  ['full text, rare (工号1017)', `q=${encodeURIComponent('工号1017')}`],
  ['third page by cursor', 'cursor'],
];

/** The peer: the same text query as a substring scan over the stored lines (what a store without a text index does). */
async function substringScan(store: QaStore, location: string, text: string, schema?: string): Promise<number> {
  const t0 = performance.now();
  if (store.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(location, { readonly: true });
    db.prepare("SELECT COUNT(DISTINCT call_id) AS n FROM callcoach_qa_lines WHERE text LIKE '%' || ? || '%'").get(text);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: location, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    await client.connect();
    const s0 = performance.now();
    await client.query("SELECT COUNT(DISTINCT call_id) AS n FROM callcoach_qa_lines WHERE text LIKE '%' || $1 || '%'", [text]);
    await client.end();
    return performance.now() - s0;
  }
  return performance.now() - t0;
}

async function measureBackend(kind: 'sqlite' | 'postgres', calls: readonly BulkCall[], context: BenchContext): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-bench-qa-'));
  const schema = `callcoach_bench_qa_${process.pid}`;
  const url = process.env.CALLCOACH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const location = kind === 'sqlite' ? join(dir, 'f.sqlite') : url;
  let findings: FindingStore;
  try {
    findings = kind === 'sqlite' ? openSqliteFindingStore(location) : await openPostgresFindingStore(url, { schema });
  } catch (err) {
    return [[kind, `skipped: ${(err as Error).message}`, '', '', '', '']];
  }
  const qa = await openQaStore(location, kind === 'postgres' ? { schema } : {});
  const t0 = performance.now();
  for (let i = 0; i < calls.length; i += 2000) await qa.indexBulk(calls.slice(i, i + 2000));
  context.log(`qa-search: ${kind}: ${calls.length} calls indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const secret = new Uint8Array(Buffer.from('callcoach-bench-secret-0123456789-abcdefghijklmn'));
  const auth = Authenticator.create({ secret });
  const packs = [compilePackAt('zh-CN-standard'), compilePackAt('en-US-standard')];
  const server = await startServer({ port: 0, host: '127.0.0.1', packs: () => packs, log: silentLogger, auth, store: findings, qa: new QaWorkspace(qa, findings, () => packs, undefined) });
  const token = await auth.issue({ subject: 'bench', role: 'qa' }, 3600);
  const rows: string[][] = [];
  try {
    const rounds = context.quick ? 3 : 9;
    const get = async (query: string) => {
      const start = performance.now();
      const response = await fetch(`${server.url}/api/qa/calls?limit=50&${query}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { total: number; nextCursor?: string; calls: unknown[] };
      if (!response.ok) throw new Error(`${query}: ${response.status}`);
      return { ms: performance.now() - start, body };
    };
    const second = (await get('')).body.nextCursor as string;
    const third = (await get(`cursor=${second}`)).body.nextCursor as string;
    for (const [label, raw] of QUERIES) {
      const query = raw === 'cursor' ? `cursor=${third}` : raw;
      await get(query);
      const samples: number[] = [];
      let total = 0;
      for (let r = 0; r < rounds; r++) {
        const { ms, body } = await get(query);
        samples.push(ms);
        total = body.total;
      }
      const text = new URLSearchParams(query).get('q');
      let peer = '';
      if (text && !query.includes('team=')) {
        const peerSamples: number[] = [];
        for (let r = 0; r < Math.min(rounds, 3); r++) peerSamples.push(await substringScan(qa, location, text, kind === 'postgres' ? schema : undefined));
        peer = median(peerSamples).toFixed(1);
      }
      rows.push([kind, label, String(total), median(samples).toFixed(1), Math.max(...samples).toFixed(1), peer]);
    }
  } finally {
    await server.close();
    await qa.close();
    await findings.close();
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The QA search API on 100,000 stored calls (about 700,000 transcript lines), SQLite and PostgreSQL: the time of a
 * signed-in GET /api/qa/calls page of 50 (HTTP, auth, query, count, JSON), each filter and full text; beside it the
 * same text as a substring scan over the lines, what the query costs without the FTS5 / tsvector index.
 */
export const qaSearch: BenchSuite = {
  name: 'qa-search',
  title: 'QA search API on 100,000 stored calls (SQLite FTS5 and PostgreSQL tsvector) against a substring scan',
  async run(context: BenchContext): Promise<string> {
    const count = context.quick ? 10_000 : 100_000;
    const calls = generateCalls(count);
    const rows = [...(await measureBackend('sqlite', calls, context)), ...(await measureBackend('postgres', calls, context))];
    return [
      `${count.toLocaleString('en-US')} calls, ${calls.reduce((n, c) => n + c.lines.length, 0).toLocaleString('en-US')} transcript lines; a page of 50 with its total; median of ${context.quick ? 3 : 9} requests after one warm-up.`,
      '',
      table(['store', 'query', 'matching calls', 'API median ms', 'API max ms', 'substring scan ms (peer)'], rows),
    ].join('\n');
  },
};

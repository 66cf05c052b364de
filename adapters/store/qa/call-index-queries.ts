import { periodKeysOf } from './period-keys.js';
import type { BulkCall, CallPage, CallQuery, IndexedCall, QaStore, TrendQuery, TrendRow } from './qa-store.js';
import { toIndexedCall, type CallIndexRow } from './qa-rows.js';
import { searchBodyOf, searchTokensOf } from './search-text.js';
import type { SqlDriver, SqlValue } from './sql-driver.js';

const MAX_PAGE = 200;
const MATCHES_PER_CALL = 3;

type IndexMethods = Pick<
  QaStore,
  'indexCallOpened' | 'indexFinding' | 'indexLine' | 'indexCallClosed' | 'setCallScore' | 'setReviewState' | 'indexBulk' | 'indexedCall' | 'indexedAmong' | 'indexedLinesOf' | 'search' | 'trends'
>;

/** The call index and its search over one SQL driver (SQLite FTS5 or PostgreSQL tsvector for the text). */
export function callIndexQueries(db: SqlDriver): IndexMethods {
  const insertFinding = async (tx: SqlDriver, f: { callId: string; key: string; ruleId: string; category: string; severity: string }) => {
    const added = await tx.run('INSERT INTO callcoach_qa_findings (call_id, key, rule_id, category, severity) VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id, key) DO NOTHING', [f.callId, f.key, f.ruleId, f.category, f.severity]);
    // Counted once per finding key, so a replayed finding does not count twice.
    if (added > 0) await tx.run('UPDATE callcoach_qa_calls SET findings = findings + 1, critical = critical + ? WHERE call_id = ?', [f.severity === 'critical' ? 1 : 0, f.callId]);
  };
  const insertLine = (tx: SqlDriver, l: { callId: string; utteranceId: string; speaker: string; text: string }) =>
    tx.run('INSERT INTO callcoach_qa_lines (call_id, utterance_id, speaker, text, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id, utterance_id) DO NOTHING', [l.callId, l.utteranceId, l.speaker, l.text, searchBodyOf(l.text)]);
  const upsertCall = (tx: SqlDriver, c: { callId: string; agentId?: string; teamId?: string; language: string; packs?: readonly string[]; openedAt: string; closedAt?: string; score?: number; scorecard?: string }) => {
    const keys = periodKeysOf(c.openedAt);
    return tx.run(
      `INSERT INTO callcoach_qa_calls (call_id, agent_id, team_id, language, packs, opened_at, day, week, month, closed_at, score, scorecard) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (call_id) DO UPDATE SET agent_id = excluded.agent_id, team_id = excluded.team_id, language = excluded.language, packs = excluded.packs`,
      [c.callId, c.agentId ?? null, c.teamId ?? null, c.language, c.packs ? JSON.stringify(c.packs) : null, c.openedAt, keys.day, keys.week, keys.month, c.closedAt ?? null, c.score ?? null, c.scorecard ?? null],
    );
  };

  return {
    indexCallOpened: async (call) => {
      await upsertCall(db, call);
    },
    indexFinding: (finding) => db.tx((tx) => insertFinding(tx, finding)),
    indexLine: async (line) => {
      await insertLine(db, line);
    },
    indexCallClosed: async (callId, closedAt) => {
      await db.run('UPDATE callcoach_qa_calls SET closed_at = ? WHERE call_id = ?', [closedAt, callId]);
    },
    setCallScore: async (callId, score, scorecard) => {
      await db.run('UPDATE callcoach_qa_calls SET score = ?, scorecard = ? WHERE call_id = ?', [score ?? null, scorecard ?? null, callId]);
    },
    setReviewState: async (callId, state) => {
      await db.run('UPDATE callcoach_qa_calls SET review_state = ? WHERE call_id = ?', [state, callId]);
    },
    indexBulk: (calls: readonly BulkCall[]) =>
      db.tx(async (tx) => {
        for (const call of calls) {
          await upsertCall(tx, call);
          for (const [i, f] of call.findings.entries()) await insertFinding(tx, { callId: call.callId, key: `${f.ruleId}#${i}`, ...f });
          for (const line of call.lines) await insertLine(tx, { callId: call.callId, ...line });
        }
      }),
    indexedCall: async (callId) => {
      const [row] = await db.all<CallIndexRow>('SELECT * FROM callcoach_qa_calls WHERE call_id = ?', [callId]);
      return row ? toIndexedCall(row) : undefined;
    },
    indexedAmong: async (callIds) => {
      const found = new Set<string>();
      for (let i = 0; i < callIds.length; i += 500) {
        const chunk = callIds.slice(i, i + 500);
        const rows = await db.all<{ call_id: string }>(`SELECT call_id FROM callcoach_qa_calls WHERE call_id IN (${chunk.map(() => '?').join(',')})`, chunk);
        for (const r of rows) found.add(r.call_id);
      }
      return found;
    },
    indexedLinesOf: async (callId) => new Set((await db.all<{ utterance_id: string }>('SELECT utterance_id FROM callcoach_qa_lines WHERE call_id = ?', [callId])).map((r) => r.utterance_id)),
    search: (query) => search(db, query),
    trends: (query) => trends(db, query),
  };
}

/**
 * A text query as each database's phrase search wants it: `lines` is the FROM…WHERE over matching transcript lines
 * (alias l) with one parameter; undefined when the text has nothing to search for.
 */
function textMatch(db: SqlDriver, text: string): { lines: string; param: string } | undefined {
  const tokens = searchTokensOf(text);
  if (tokens.length === 0) return undefined;
  if (db.dialect === 'sqlite') {
    return { lines: 'FROM callcoach_qa_fts f JOIN callcoach_qa_lines l ON l.line_id = f.rowid WHERE callcoach_qa_fts MATCH ?', param: `"${tokens.join(' ')}"` };
  }
  return { lines: "FROM callcoach_qa_lines l WHERE l.tsv @@ phraseto_tsquery('simple', ?)", param: tokens.join(' ') };
}

function filters(db: SqlDriver, q: CallQuery): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.agentId !== undefined) add('c.agent_id = ?', q.agentId);
  if (q.teamId !== undefined) add('c.team_id = ?', q.teamId);
  if (q.from !== undefined) add('c.opened_at >= ?', q.from);
  if (q.to !== undefined) add('c.opened_at < ?', q.to);
  if (q.language !== undefined) add('(c.language = ? OR c.language LIKE ?)', q.language, `${q.language}-%`);
  if (q.ruleId !== undefined) add('EXISTS (SELECT 1 FROM callcoach_qa_findings r WHERE r.call_id = c.call_id AND r.rule_id = ?)', q.ruleId);
  if (q.category !== undefined) add('EXISTS (SELECT 1 FROM callcoach_qa_findings r WHERE r.call_id = c.call_id AND r.category = ?)', q.category);
  if (q.scoreMin !== undefined) add('c.score >= ?', q.scoreMin);
  if (q.scoreMax !== undefined) add('c.score < ?', q.scoreMax);
  if (q.reviewState !== undefined) add('c.review_state = ?', q.reviewState);
  if (q.text !== undefined) {
    const match = textMatch(db, q.text);
    if (match) add(`c.call_id IN (SELECT l.call_id ${match.lines})`, match.param);
  }
  return { where, params };
}

async function search(db: SqlDriver, q: CallQuery): Promise<CallPage> {
  const limit = Math.min(Math.max(1, q.limit ?? 50), MAX_PAGE);
  const { where, params } = filters(db, q);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM callcoach_qa_calls c ${whereSql}`, params);
  const page = [...where];
  const pageParams = [...params];
  if (q.cursor !== undefined) {
    const [openedAt, callId] = decodeCursor(q.cursor);
    page.push('(c.opened_at < ? OR (c.opened_at = ? AND c.call_id < ?))');
    pageParams.push(openedAt, openedAt, callId);
  }
  const rows = await db.all<CallIndexRow>(`SELECT c.* FROM callcoach_qa_calls c ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY c.opened_at DESC, c.call_id DESC LIMIT ?`, [...pageParams, limit + 1]);
  const calls = rows.slice(0, limit).map(toIndexedCall);
  const last = calls[calls.length - 1];
  const more = rows.length > limit && last !== undefined;
  const result: CallPage = { calls, total: Number(count?.n ?? 0), ...(more ? { nextCursor: encodeCursor(last) } : {}) };
  if (q.text === undefined || calls.length === 0) return result;
  const match = textMatch(db, q.text);
  if (!match) return result;
  const ids = calls.map((c) => c.callId);
  const lines = await db.all<{ call_id: string; utterance_id: string; text: string }>(
    `SELECT l.call_id, l.utterance_id, l.text ${match.lines} AND l.call_id IN (${ids.map(() => '?').join(',')}) ORDER BY l.call_id, l.utterance_id`,
    [match.param, ...ids],
  );
  const matches: Record<string, Array<{ utteranceId: string; text: string }>> = {};
  for (const line of lines) {
    const list = (matches[line.call_id] ??= []);
    if (list.length < MATCHES_PER_CALL) list.push({ utteranceId: line.utterance_id, text: line.text });
  }
  return { ...result, matches };
}

function encodeCursor(call: IndexedCall): string {
  return Buffer.from(JSON.stringify([call.openedAt, call.callId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new RangeError('cursor is not one this server gave out; start again from the first page');
}

async function trends(db: SqlDriver, q: TrendQuery): Promise<TrendRow[]> {
  const period = { day: 'c.day', week: 'c.week', month: 'c.month' }[q.period];
  const { where, params } = filters(db, { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), ...(q.agentId ? { agentId: q.agentId } : {}), ...(q.teamId ? { teamId: q.teamId } : {}) });
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  if (q.by !== 'rule') {
    const key = q.by === 'agent' ? 'c.agent_id' : 'c.team_id';
    const rows = await db.all<{ period: string; key: string | null; calls: number | string; findings: number | string; scored: number | string; average: number | string | null }>(
      `SELECT ${period} AS period, ${key} AS key, COUNT(*) AS calls, SUM(c.findings) AS findings, COUNT(c.score) AS scored, AVG(c.score) AS average
       FROM callcoach_qa_calls c ${whereSql} GROUP BY ${period}, ${key} ORDER BY 1, 2`,
      params,
    );
    return rows.map((r) => ({ period: r.period, key: r.key ?? '(none)', calls: Number(r.calls), findings: Number(r.findings), scored: Number(r.scored), ...(r.average !== null ? { averageScore: Math.round(Number(r.average) * 10) / 10 } : {}) }));
  }
  // Findings per call of a rule are over every call of the period, not only the calls where it fired.
  const perPeriod = new Map(
    (await db.all<{ period: string; calls: number | string }>(`SELECT ${period} AS period, COUNT(*) AS calls FROM callcoach_qa_calls c ${whereSql} GROUP BY ${period}`, params)).map((r) => [r.period, Number(r.calls)]),
  );
  const ruleWhere = [...where, ...(q.ruleId ? ['f.rule_id = ?'] : [])];
  const rows = await db.all<{ period: string; key: string; findings: number | string; scored: number | string; average: number | string | null }>(
    `SELECT ${period} AS period, f.rule_id AS key, COUNT(*) AS findings, COUNT(c.score) AS scored, AVG(c.score) AS average
     FROM callcoach_qa_findings f JOIN callcoach_qa_calls c ON c.call_id = f.call_id ${ruleWhere.length ? `WHERE ${ruleWhere.join(' AND ')}` : ''}
     GROUP BY ${period}, f.rule_id ORDER BY 1, 2`,
    [...params, ...(q.ruleId ? [q.ruleId] : [])],
  );
  return rows.map((r) => ({ period: r.period, key: r.key, calls: perPeriod.get(r.period) ?? 0, findings: Number(r.findings), scored: Number(r.scored), ...(r.average !== null ? { averageScore: Math.round(Number(r.average) * 10) / 10 } : {}) }));
}

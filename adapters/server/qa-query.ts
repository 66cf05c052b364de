import type { Principal } from '../auth/roles.js';
import { QA_ERROR_CODES, QaError } from '../qa/qa-error.js';
import { REVIEW_STATES, type CallQuery, type ReviewState, type TrendQuery } from '../store/qa/qa-store.js';

/**
 * Search parameters of /api/qa/calls, checked one by one with an error naming the parameter, and narrowed to what the
 * caller may see: a supervisor their team, an agent their own calls (whatever the URL asks).
 */
export function callQueryOf(params: URLSearchParams, principal: Principal): CallQuery {
  const text = (name: string, max = 200) => {
    const value = params.get(name);
    if (value === null || value === '') return undefined;
    if (value.length > max) throw new QaError(QA_ERROR_CODES.INVALID, `${name} is longer than ${max} characters`);
    return value;
  };
  const number = (name: string, min: number, max: number) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new QaError(QA_ERROR_CODES.INVALID, `${name} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    return n;
  };
  const state = text('state');
  if (state !== undefined && !(REVIEW_STATES as readonly string[]).includes(state)) throw new QaError(QA_ERROR_CODES.INVALID, `state must be one of ${REVIEW_STATES.join(', ')}`);
  const limit = number('limit', 1, 200);
  const scoreMin = number('scoreMin', 0, 100);
  const scoreMax = number('scoreMax', 0, 100.1);
  const from = time(text('from'), 'from');
  const to = time(text('to'), 'to');
  const query: CallQuery = {
    ...optional('agentId', text('agent')),
    ...optional('teamId', text('team')),
    ...optional('from', from),
    ...optional('to', to),
    ...optional('language', text('language', 20)),
    ...optional('ruleId', text('rule')),
    ...optional('category', text('category')),
    ...optional('scoreMin', scoreMin),
    ...optional('scoreMax', scoreMax),
    ...optional('reviewState', state as ReviewState | undefined),
    ...optional('text', text('q')),
    ...optional('limit', limit),
    ...optional('cursor', text('cursor', 1000)),
  };
  return scoped(query, principal);
}

/** Trend parameters of /api/qa/trends, narrowed like search. */
export function trendQueryOf(params: URLSearchParams, principal: Principal): TrendQuery {
  const by = params.get('by') ?? 'agent';
  const period = params.get('period') ?? 'week';
  if (by !== 'agent' && by !== 'team' && by !== 'rule') throw new QaError(QA_ERROR_CODES.INVALID, 'by must be agent, team or rule');
  if (period !== 'day' && period !== 'week' && period !== 'month') throw new QaError(QA_ERROR_CODES.INVALID, 'period must be day, week or month');
  const query: TrendQuery = {
    by,
    period,
    ...optional('from', time(params.get('from') || undefined, 'from')),
    ...optional('to', time(params.get('to') || undefined, 'to')),
    ...optional('agentId', params.get('agent') || undefined),
    ...optional('teamId', params.get('team') || undefined),
    ...optional('ruleId', params.get('rule') || undefined),
  };
  return scoped(query, principal);
}

function scoped<Q extends { agentId?: string; teamId?: string }>(query: Q, principal: Principal): Q {
  if (principal.role === 'qa' || principal.role === 'admin') return query;
  if (principal.role === 'supervisor' && principal.teamId) {
    if (query.teamId !== undefined && query.teamId !== principal.teamId) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a supervisor of team ${principal.teamId} sees only that team's calls`);
    return { ...query, teamId: principal.teamId };
  }
  if (principal.role === 'agent' && principal.agentId) {
    if (query.agentId !== undefined && query.agentId !== principal.agentId) throw new QaError(QA_ERROR_CODES.FORBIDDEN, `agent ${principal.agentId} sees only their own calls`);
    return { ...query, agentId: principal.agentId };
  }
  throw new QaError(QA_ERROR_CODES.FORBIDDEN, `a ${principal.role} token cannot read the QA workspace`);
}

function time(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new QaError(QA_ERROR_CODES.INVALID, `${name} must be a date or time such as 2025-03-01 or 2025-03-01T08:00:00Z`);
  return new Date(ms).toISOString();
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

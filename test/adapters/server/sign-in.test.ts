import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { Authenticator } from '../../../adapters/auth/authenticator.js';
import { hashPassword, loadUserDirectory } from '../../../adapters/auth/user-directory.js';
import { HeapVirtualScheduler } from '../../../adapters/batch/heap-virtual-scheduler.js';
import { resolveAuth } from '../../../adapters/cli/auth-options.js';
import { silentLogger } from '../../../adapters/log/logger.js';
import { startServer, type RunningServer } from '../../../adapters/server/create-server.js';
import { openSqliteFindingStore } from '../../../adapters/store/sqlite-finding-store.js';
import type { FindingStore } from '../../../adapters/store/finding-store.js';
import { bearer, TEST_AUTH_SECRET, tokenFor } from '../../support/auth.js';
import { callScript } from '../../support/call-script.js';
import { feedCalls } from '../../support/feed-calls.js';
import { shippedPack } from '../../support/packs.js';

let server: RunningServer;
let store: FindingStore;
const scheduler = new HeapVirtualScheduler();
let wsBase: string;
let storeFile: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callcoach-signin-'));
  // One real user with a password (a low scrypt cost keeps the test quick; the CLI uses the full cost).
  const usersFile = join(dir, 'users.json');
  writeFileSync(usersFile, JSON.stringify({ users: [{ username: 'lin.qa', password: await hashPassword('correct horse battery', { n: 2 ** 12 }), role: 'qa' }] }));
  const auth = Authenticator.create({ secret: new Uint8Array(Buffer.from(TEST_AUTH_SECRET)), users: loadUserDirectory(usersFile) });
  storeFile = join(dir, 'f.sqlite');
  store = openSqliteFindingStore(storeFile);
  server = await startServer({ port: 0, host: '127.0.0.1', packs: () => [shippedPack('zh-CN-standard')], log: silentLogger, scheduler, store, auth });
  wsBase = server.url.replace('http', 'ws');
});

afterAll(async () => {
  await server.close();
  await store.close();
});

/** Opens a WebSocket and reports how the handshake went: open, or the refusal's status and reason. */
function handshake(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { code?: string; error?: string }; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsBase}${path}`, { headers });
    socket.once('open', () => resolve({ status: 101, body: {}, socket }));
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { code?: string; error?: string } }));
    });
  });
}

/** A feed socket that collects nudges. */
async function watch(path: string, headers: Record<string, string>) {
  const opened = await handshake(path, headers);
  if (!opened.socket) throw new Error(`feed refused: ${opened.status} ${opened.body.error}`);
  const messages: Array<{ type: string; nudge?: { callId: string }; calls?: unknown[] }> = [];
  opened.socket.on('message', (data) => messages.push(JSON.parse(String(data)) as (typeof messages)[number]));
  return { socket: opened.socket, messages };
}

describe('sign-in at the WebSocket upgrade', () => {
  it('refuses a missing, expired, foreign or claimless token with 401 and a reason', async () => {
    expect(await handshake('/ingest')).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_MISSING' } });
    const expired = await new SignJWT({ role: 'ingest' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(Buffer.from(TEST_AUTH_SECRET));
    expect(await handshake('/ingest', { authorization: `Bearer ${expired}` })).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_EXPIRED', error: expect.stringContaining('expired') } });
    const foreign = await new SignJWT({ role: 'ingest' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(Buffer.from('another-server-secret-0123456789-abcdefghijkl'));
    expect(await handshake('/ingest', { authorization: `Bearer ${foreign}` })).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_INVALID', error: expect.stringContaining('signature') } });
    const noRole = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(Buffer.from(TEST_AUTH_SECRET));
    expect(await handshake('/ingest', { authorization: `Bearer ${noRole}` })).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_CLAIMS' } });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin","sub":"x","exp":9999999999}').toString('base64url')}.`;
    expect(await handshake('/nudges', { authorization: `Bearer ${unsigned}` })).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_INVALID' } });
    expect(await handshake('/ingest', { authorization: 'Bearer not-a-jwt' })).toMatchObject({ status: 401, body: { code: 'CALLCOACH_AUTH_INVALID' } });
  });

  it('lets only an ingest token send events: a QA or admin token is refused with 403', async () => {
    expect(await handshake('/ingest', await bearer('qa'))).toMatchObject({ status: 403, body: { code: 'CALLCOACH_AUTH_FORBIDDEN', error: expect.stringContaining('only an ingest token') } });
    expect(await handshake('/ingest', await bearer('admin'))).toMatchObject({ status: 403 });
    const ok = await handshake('/ingest', await bearer('ingest'));
    expect(ok.status).toBe(101);
    ok.socket?.close();
  });

  it('refuses a page of another origin', async () => {
    expect(await handshake('/nudges', { ...(await bearer('admin')), origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { code: 'CALLCOACH_AUTH_ORIGIN' } });
  });
});

describe('who sees which nudges', () => {
  it("gives an agent their own calls only, a supervisor their team's, and refuses an agent asking for another's feed", async () => {
    expect(await handshake('/nudges?agent=a-2', await bearer('agent', { agentId: 'a-1' }))).toMatchObject({ status: 403, body: { error: expect.stringContaining('only their own') } });
    expect(await handshake('/nudges', await bearer('qa'))).toMatchObject({ status: 403, body: { error: expect.stringContaining('cannot watch live calls') } });
    expect(await handshake('/nudges', await bearer('ingest'))).toMatchObject({ status: 403 });

    const agent1 = await watch('/nudges', await bearer('agent', { agentId: 'a-1' }));
    // Asking for the other agent's call by id is no way round it: the agent filter still applies.
    const agent1Peeking = await watch('/nudges?call=t2-call', await bearer('agent', { agentId: 'a-1' }));
    const team1 = await watch('/nudges', await bearer('supervisor', { teamId: 'T1' }));
    const admin = await watch('/nudges', await bearer('admin'));
    const forbidden = '你问我，我问谁？';
    const t1 = callScript('t1-call').agent(forbidden).end('customer').events.map((e) => (e.type === 'call.started' ? { ...e, agentId: 'a-1', teamId: 'T1' } : e));
    const t2 = callScript('t2-call').agent(forbidden).end('customer').events.map((e) => (e.type === 'call.started' ? { ...e, agentId: 'a-2', teamId: 'T2' } : e));
    await feedCalls(server, scheduler, [t1, t2]);
    await new Promise((r) => setTimeout(r, 50));
    const callsOf = (w: { messages: Array<{ type: string; nudge?: { callId: string } }> }) => [...new Set(w.messages.filter((m) => m.type === 'nudge').map((m) => m.nudge?.callId))].sort();
    expect(callsOf(agent1)).toEqual(['t1-call']);
    expect(callsOf(agent1Peeking)).toEqual([]);
    expect(callsOf(team1)).toEqual(['t1-call']);
    expect(callsOf(admin)).toEqual(['t1-call', 't2-call']);
    for (const w of [agent1, agent1Peeking, team1, admin]) w.socket.close();
  });
});

describe('sign-in on HTTP', () => {
  it('refuses the API without a token (401), and to agents and supervisors (403)', async () => {
    const none = await fetch(`${server.url}/api/calls`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { code: string }).code).toBe('CALLCOACH_AUTH_MISSING');
    expect((await fetch(`${server.url}/api/calls`, { headers: await bearer('agent', { agentId: 'a-1' }) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/export?format=csv`, { headers: await bearer('supervisor', { teamId: 'T1' }) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/calls`, { headers: await bearer('qa') })).status).toBe(200);
    const me = (await (await fetch(`${server.url}/api/me`, { headers: await bearer('agent', { agentId: 'a-1' }) })).json()) as { role: string; agentId: string; home: string };
    expect(me).toMatchObject({ role: 'agent', agentId: 'a-1', home: '/' });
  });

  it('sends a browser without a session from a page to /login, and serves security headers everywhere', async () => {
    const page = await fetch(`${server.url}/review`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?next=%2Freview');
    const login = await fetch(`${server.url}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('x-frame-options')).toBe('DENY');
  });

  it('signs a browser in with a token or a password, into an HttpOnly cookie, and requires the CSRF header on changes', async () => {
    const session = await fetch(`${server.url}/auth/session`, { method: 'POST', body: JSON.stringify({ token: await tokenFor('qa', { subject: 'pasted-qa' }) }) });
    expect(session.status).toBe(200);
    const cookies = session.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('callcoach_session='))).toMatch(/HttpOnly; Path=\/; SameSite=Strict/);
    const jar = cookies.map((c) => c.split(';')[0]).join('; ');
    const csrf = (cookies.find((c) => c.startsWith('callcoach_csrf=')) as string).split(';')[0]?.split('=')[1] as string;
    expect((await fetch(`${server.url}/api/calls`, { headers: { cookie: jar } })).status).toBe(200);
    const change = (headers: Record<string, string>) => fetch(`${server.url}/api/calls/none/findings/x/review`, { method: 'POST', headers: { cookie: jar, ...headers }, body: '{"verdict":"confirmed"}' });
    expect((await change({})).status).toBe(403);
    expect((await change({ 'x-callcoach-csrf': csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await change({ 'x-callcoach-csrf': csrf })).status).toBe(404);

    expect((await fetch(`${server.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'lin.qa', password: 'wrong' }) })).status).toBe(401);
    expect((await fetch(`${server.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'nobody', password: 'x' }) })).status).toBe(401);
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'lin.qa', password: 'correct horse battery' }) });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ subject: 'lin.qa', role: 'qa', home: '/review' });
    const loginJar = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect((await fetch(`${server.url}/api/calls`, { headers: { cookie: loginJar } })).status).toBe(200);
  });

  it('slows password guessing: after five failures a minute, an address waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'lin.qa', password: `guess-${i}` }) })).status);
    expect(statuses.slice(-1)).toEqual([429]);
  });

  it('records an export in the audit log under the signed-in user', async () => {
    await fetch(`${server.url}/api/export?format=jsonl`, { headers: await bearer('qa', { subject: 'exporter' }) });
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(storeFile, { readonly: true });
    const rows = db.prepare("SELECT actor, role, action, target FROM audit_log WHERE action = 'export'").all();
    db.close();
    expect(rows).toEqual([{ actor: 'exporter', role: 'qa', action: 'export', target: 'jsonl' }]);
  });
});

describe('start-up without sign-in configured', () => {
  it('generates a secret on loopback and refuses any other address with a sentence saying why', () => {
    const saved = { ...process.env };
    delete process.env.CALLCOACH_AUTH_SECRET;
    delete process.env.CALLCOACH_AUTH_JWKS;
    try {
      expect(resolveAuth('serve', {}, '127.0.0.1').generated).toBe(true);
      expect(() => resolveAuth('serve', {}, '0.0.0.0')).toThrow('refusing to listen on 0.0.0.0 without sign-in');
      process.env.CALLCOACH_AUTH_SECRET = 'too-short';
      expect(() => resolveAuth('serve', {}, '0.0.0.0')).toThrow('at least 32');
      process.env.CALLCOACH_AUTH_SECRET = TEST_AUTH_SECRET;
      expect(resolveAuth('serve', {}, '0.0.0.0').generated).toBe(false);
    } finally {
      process.env = saved;
    }
  });
});

describe('/metrics', () => {
  it('serves Prometheus counters to an admin token only', async () => {
    await handshake('/ingest');
    // Events with a contiguous seq pass the sequencer at once, so their nudges come out while the event is in hand.
    await feedCalls(server, scheduler, [callScript('m-call').agent('你问我，我问谁？').end('customer').events.map((e, i) => ({ ...e, seq: i + 1 }))]);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: await bearer('qa') })).status).toBe(403);
    const response = await fetch(`${server.url}/metrics`, { headers: await bearer('admin') });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/callcoach_events_in_total\{type="call.started"\} \d+/);
    expect(text).toMatch(/callcoach_auth_refusals_total\{code="CALLCOACH_AUTH_MISSING",surface="websocket"\} \d+/);
    expect(text).toContain('callcoach_active_calls');
    expect(text).toMatch(/callcoach_findings_total\{category="forbidden_phrase"\} \d+/);
    expect(text).toMatch(/callcoach_ingest_to_nudge_seconds_count [1-9]\d*/);
    expect(text).toContain('callcoach_feed_client_lag_max');
  });
});

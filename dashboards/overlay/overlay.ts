import { requireSignIn, signInAgain, type SignedIn } from '../shared/session.js';
// The agent overlay: subscribes to /nudges and shows each live call's nudges. Provisional nudges (from interim
// transcripts) are dashed and may be withdrawn; a confirmation replaces them in place.

interface Nudge {
  nudgeId: string;
  callId: string;
  ruleId: string;
  kind: 'finding' | 'card';
  category?: string;
  severity: 'info' | 'warn' | 'critical';
  status: 'provisional' | 'confirmed';
  text: string;
  suggest?: string;
  title?: string;
  atMs: number;
}

type FeedMessage =
  | { type: 'snapshot'; calls: Array<{ callId: string; agentId?: string; language: string; nudges: Nudge[] }> }
  | { type: 'call.opened'; callId: string; agentId?: string; language: string }
  | { type: 'nudge'; nudge: Nudge }
  | { type: 'nudge.retracted'; retraction: { nudgeId: string; callId: string } }
  | { type: 'call.closed'; callId: string; reason: string };

const LABELS: Record<string, string> = {
  greeting_missing: 'greeting',
  closing_missing: 'closing',
  forbidden_phrase: 'phrasing',
  pace_fast: 'pace',
  pace_slow: 'pace',
  hold_without_permission: 'hold',
  hold_no_apology: 'hold',
  hold_too_long: 'hold',
  agent_hangup_first: 'hang-up',
  interruption: 'interruption',
  dead_air: 'silence',
};
const ENDED_CALL_LINGER_MS = 30_000;

const callsEl = document.getElementById('calls') as HTMLElement;
const emptyEl = document.getElementById('empty') as HTMLElement;
const statusEl = document.getElementById('status') as HTMLElement;
const agentInput = document.getElementById('agent') as HTMLInputElement;
const params = new URLSearchParams(location.search);
agentInput.value = params.get('agent') ?? '';

let socket: WebSocket | undefined;
let retryMs = 500;
let user: SignedIn | undefined;

function connect(): void {
  const query = new URLSearchParams();
  if (agentInput.value.trim()) query.set('agent', agentInput.value.trim());
  if (params.get('call')) query.set('call', params.get('call') as string);
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/nudges?${query.toString()}`);
  socket = ws;
  setStatus('connecting', 'connecting…');
  let opened = false;
  ws.addEventListener('open', () => {
    opened = true;
    retryMs = 500;
    setStatus('open', 'live');
  });
  ws.addEventListener('message', (event) => handle(JSON.parse(String(event.data)) as FeedMessage));
  ws.addEventListener('close', (event) => {
    if (socket !== ws) return;
    // 4401: the session ended. A refused handshake (never opened) may be a sign-in that expired meanwhile.
    if (event.code === 4401) return signInAgain();
    if (!opened) {
      void fetch('/api/me', { credentials: 'same-origin' }).then((r) => {
        if (r.status === 401) signInAgain();
        else if (user?.role === 'agent' && agentInput.value.trim() !== user.agentId) setStatus('closed', `you can watch only your own calls (${user.agentId ?? ''})`);
      });
    }
    setStatus('closed', 'disconnected, retrying…');
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  });
}

function setStatus(state: string, text: string): void {
  statusEl.dataset.state = state;
  statusEl.textContent = text;
}

function handle(message: FeedMessage): void {
  switch (message.type) {
    case 'snapshot':
      callsEl.querySelectorAll('.call').forEach((el) => el.remove());
      for (const call of message.calls) {
        callPanel(call.callId, call.agentId, call.language);
        for (const nudge of call.nudges) showNudge(nudge);
      }
      break;
    case 'call.opened':
      callPanel(message.callId, message.agentId, message.language);
      break;
    case 'nudge':
      showNudge(message.nudge);
      break;
    case 'nudge.retracted':
      withdraw(message.retraction.nudgeId);
      break;
    case 'call.closed': {
      const panel = findCall(message.callId);
      if (panel) {
        panel.classList.add('ended');
        (panel.querySelector('h2 small') as HTMLElement).textContent = `ended (${message.reason})`;
        setTimeout(() => {
          panel.remove();
          refreshEmpty();
        }, ENDED_CALL_LINGER_MS);
      }
      break;
    }
  }
  refreshEmpty();
}

function findCall(callId: string): HTMLElement | null {
  return callsEl.querySelector(`.call[data-call-id="${CSS.escape(callId)}"]`);
}

function callPanel(callId: string, agentId: string | undefined, language: string): HTMLElement {
  const existing = findCall(callId);
  if (existing) return existing;
  const panel = document.createElement('section');
  panel.className = 'call';
  panel.dataset.callId = callId;
  panel.lang = language;
  const title = document.createElement('h2');
  title.textContent = `${callId}${agentId ? ` · ${agentId}` : ''} `;
  const small = document.createElement('small');
  small.textContent = language;
  title.append(small);
  const list = document.createElement('ul');
  list.className = 'nudges';
  panel.append(title, list);
  callsEl.prepend(panel);
  return panel;
}

function showNudge(nudge: Nudge): void {
  const panel = callPanel(nudge.callId, undefined, '');
  const list = panel.querySelector('.nudges') as HTMLElement;
  const existing = list.querySelector<HTMLElement>(`[data-nudge-id="${CSS.escape(nudge.nudgeId)}"]`);
  const item = existing ?? document.createElement('li');
  item.className = 'nudge';
  item.dataset.nudgeId = nudge.nudgeId;
  item.dataset.severity = nudge.severity;
  item.dataset.status = nudge.status;
  item.dataset.kind = nudge.kind;
  item.replaceChildren();
  const meta = document.createElement('div');
  meta.className = 'meta';
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.textContent = nudge.kind === 'card' ? 'script' : (LABELS[nudge.category ?? ''] ?? nudge.category ?? '');
  const when = document.createElement('span');
  when.textContent = `${formatCallTime(nudge.atMs)}${nudge.status === 'provisional' ? ' · checking…' : ''}`;
  meta.append(badge, when);
  const text = document.createElement('p');
  text.className = 'text';
  text.textContent = nudge.title ? `${nudge.title}: ${nudge.text}` : nudge.text;
  item.append(meta, text);
  if (nudge.suggest) {
    const suggest = document.createElement('p');
    suggest.className = 'suggest';
    suggest.textContent = nudge.suggest;
    item.append(suggest);
  }
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.title = 'dismiss';
  dismiss.textContent = '×';
  dismiss.addEventListener('click', () => item.remove());
  item.append(dismiss);
  if (!existing) list.prepend(item);
}

function withdraw(nudgeId: string): void {
  const item = callsEl.querySelector<HTMLElement>(`[data-nudge-id="${CSS.escape(nudgeId)}"]`);
  if (!item) return;
  item.classList.add('withdrawn');
  item.addEventListener('animationend', () => item.remove(), { once: true });
}

function refreshEmpty(): void {
  emptyEl.hidden = callsEl.querySelector('.call') !== null;
}

function formatCallTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

document.getElementById('filter')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = new URL(location.href);
  if (agentInput.value.trim()) next.searchParams.set('agent', agentInput.value.trim());
  else next.searchParams.delete('agent');
  history.replaceState(null, '', next);
  socket?.close();
  connect();
});

void requireSignIn().then((signedIn) => {
  user = signedIn;
  // An agent's feed is their own calls; the server enforces it, the page just says so.
  if (signedIn.role === 'agent' && signedIn.agentId) {
    agentInput.value = signedIn.agentId;
    agentInput.readOnly = true;
  }
  connect();
});

import type { FeedMessage } from '../../adapters/server/feed-protocol.js';
import { announce } from '../shared/element.js';
import { FeedConnection, type FeedStatus } from '../shared/feed-connection.js';
import { LiveCalls, type LiveChange } from '../shared/live-calls.js';
import { requireSignIn, type SignedIn } from '../shared/session.js';
import { uiLanguageOf, uiText, type TextKey } from '../shared/ui-text.js';
import { callPanel, nudgeCard, refreshCallPanel, whisperCard } from './call-panel.js';

// The agent overlay: each live call the signed-in user may watch, with its checklist, hold timer, pace meter, nudge
// cards and the supervisor's whispers. Provisional nudges are dashed and may be withdrawn; a confirmation replaces
// them in place. Escape dismisses the newest nudge.

const ENDED_CALL_LINGER_MS = 30_000;

const callsEl = document.getElementById('calls') as HTMLElement;
const emptyEl = document.getElementById('empty') as HTMLElement;
const statusEl = document.getElementById('status') as HTMLElement;
const agentInput = document.getElementById('agent') as HTMLInputElement;
const politeEl = document.getElementById('announce-polite') as HTMLElement;
const assertiveEl = document.getElementById('announce-assertive') as HTMLElement;
const params = new URLSearchParams(location.search);
const chrome = uiLanguageOf(navigator.language);
agentInput.value = params.get('agent') ?? '';

const calls = new LiveCalls();
// Dismissed nudges stay dismissed when a snapshot or a confirmation brings them back.
const dismissed = new Set<string>();
let arrivals = 0;
let user: SignedIn | undefined;

const feed = new FeedConnection({
  query: () => {
    const query = new URLSearchParams();
    if (agentInput.value.trim()) query.set('agent', agentInput.value.trim());
    if (params.get('call')) query.set('call', params.get('call') as string);
    return query;
  },
  onMessage: (message: FeedMessage) => {
    for (const change of calls.apply(message)) show(change);
    refreshEmpty();
  },
  onStatus: (status: FeedStatus, detail) => {
    if (detail.refused && user?.role === 'agent' && agentInput.value.trim() !== user.agentId) return setStatus('closed', 'ownCallsOnly', { agent: user.agentId ?? '' });
    if (status === 'open') setStatus('open', detail.resumed ? 'resumed' : 'live');
    else setStatus(status, status === 'connecting' ? 'connecting' : 'retrying');
  },
});

function setStatus(state: FeedStatus, key: TextKey, vars: Record<string, string> = {}): void {
  statusEl.dataset.state = state;
  statusEl.textContent = uiText(chrome, key, vars);
}

function show(change: LiveChange): void {
  switch (change.kind) {
    case 'reset':
      callsEl.querySelectorAll('.call').forEach((el) => el.remove());
      for (const call of calls.calls.values()) {
        panelFor(call.callId);
        for (const nudge of call.nudges.values()) showNudge(call.callId, nudge, false);
        for (const whisper of call.whispers) showWhisper(whisper.callId, whisper.whisperId, false);
      }
      if (change.afterGap) setStatus('open', 'gap');
      return;
    case 'call': {
      const panel = panelFor(change.callId);
      const call = calls.calls.get(change.callId);
      if (panel && call) refreshCallPanel(panel, call, Date.now());
      return;
    }
    case 'nudge':
      return showNudge(change.callId, change.nudge, change.isNew);
    case 'retracted':
      return withdraw(change.nudgeId);
    case 'whisper':
      return showWhisper(change.whisper.callId, change.whisper.whisperId, change.isNew);
    case 'closed':
      setTimeout(() => {
        const call = calls.calls.get(change.callId);
        if (!call?.closed) return;
        calls.drop(change.callId);
        findPanel(change.callId)?.remove();
        refreshEmpty();
      }, ENDED_CALL_LINGER_MS);
      return;
    default:
      return;
  }
}

function findPanel(callId: string): HTMLElement | null {
  return callsEl.querySelector(`.call[data-call-id="${CSS.escape(callId)}"]`);
}

function panelFor(callId: string): HTMLElement | undefined {
  const call = calls.calls.get(callId);
  if (!call) return undefined;
  let panel = findPanel(callId);
  if (!panel) {
    panel = callPanel(call);
    callsEl.prepend(panel);
    refreshCallPanel(panel, call, Date.now());
  }
  return panel;
}

function showNudge(callId: string, nudge: Parameters<typeof nudgeCard>[0], isNew: boolean): void {
  if (dismissed.has(nudge.nudgeId)) return;
  const call = calls.calls.get(callId);
  const panel = panelFor(callId);
  if (!call || !panel) return;
  const language = uiLanguageOf(call.language);
  const list = panel.querySelector('.nudges') as HTMLElement;
  const existing = list.querySelector<HTMLElement>(`[data-nudge-id="${CSS.escape(nudge.nudgeId)}"]`);
  const item = nudgeCard(nudge, language, existing, dismiss);
  if (!existing) {
    item.dataset.arrival = String(++arrivals);
    list.prepend(item);
  }
  if (isNew) announce(politeEl, uiText(language, 'newNudge', { text: nudge.title ? `${nudge.title}: ${nudge.text}` : nudge.text }));
}

function showWhisper(callId: string, whisperId: string, isNew: boolean): void {
  const call = calls.calls.get(callId);
  const whisper = call?.whispers.find((w) => w.whisperId === whisperId);
  const panel = panelFor(callId);
  if (!call || !whisper || !panel || dismissed.has(whisperId)) return;
  const box = panel.querySelector('.whispers') as HTMLElement;
  if (box.querySelector(`[data-whisper-id="${CSS.escape(whisperId)}"]`)) return;
  const language = uiLanguageOf(call.language);
  box.prepend(whisperCard(whisper, language, (item) => {
    dismissed.add(whisperId);
    leave(item);
  }));
  if (isNew) announce(assertiveEl, uiText(language, 'newWhisper', { from: whisper.from, text: whisper.text }));
}

/** Removes a card and keeps keyboard focus nearby (the next card's button, else the call). */
function dismiss(item: HTMLElement): void {
  if (item.dataset.nudgeId) dismissed.add(item.dataset.nudgeId);
  leave(item);
}

function leave(item: HTMLElement): void {
  const hadFocus = item.contains(document.activeElement);
  const panel = item.closest<HTMLElement>('.call');
  const next = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector<HTMLElement>('button');
  item.remove();
  if (hadFocus) (next ?? panel)?.focus();
}

function withdraw(nudgeId: string): void {
  const item = callsEl.querySelector<HTMLElement>(`[data-nudge-id="${CSS.escape(nudgeId)}"]`);
  if (!item) return;
  item.classList.add('withdrawn');
  const gone = () => {
    if (item.isConnected) leave(item);
  };
  item.addEventListener('animationend', gone, { once: true });
  // Reduced motion has no animation to end.
  setTimeout(gone, 600);
}

function refreshEmpty(): void {
  emptyEl.hidden = callsEl.querySelector('.call') !== null;
}

// Escape dismisses the newest nudge on screen (not while typing in the agent box).
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.target === agentInput) return;
  const newest = [...callsEl.querySelectorAll<HTMLElement>('.nudge:not(.withdrawn)')].sort((a, b) => Number(b.dataset.arrival) - Number(a.dataset.arrival))[0];
  if (!newest) return;
  event.preventDefault();
  dismiss(newest);
});

// Hold timers count on between messages; a greeting is settled once its first turn has had time to be judged.
setInterval(() => {
  calls.tick();
  const now = Date.now();
  for (const call of calls.calls.values()) {
    const panel = findPanel(call.callId);
    if (panel) refreshCallPanel(panel, call, now);
  }
}, 500);

document.getElementById('filter')?.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = new URL(location.href);
  if (agentInput.value.trim()) next.searchParams.set('agent', agentInput.value.trim());
  else next.searchParams.delete('agent');
  history.replaceState(null, '', next);
  feed.restart();
});

function translateChrome(): void {
  document.documentElement.lang = chrome === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll<HTMLElement>('[data-text]')) node.textContent = uiText(chrome, node.dataset.text as TextKey);
  agentInput.placeholder = uiText(chrome, 'allAgents');
}

translateChrome();
void requireSignIn().then((signedIn) => {
  user = signedIn;
  // An agent's feed is their own calls; the server enforces it, the page just says so.
  if (signedIn.role === 'agent' && signedIn.agentId) {
    agentInput.value = signedIn.agentId;
    agentInput.readOnly = true;
  }
  feed.restart();
});

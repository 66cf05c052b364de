import type { Alert, FeedMessage } from '../../adapters/server/feed-protocol.js';
import { announce } from '../shared/element.js';
import { FeedConnection, type FeedStatus } from '../shared/feed-connection.js';
import { callSeverity, LiveCalls, SEVERITY_RANK, type CallRecord, type LiveChange } from '../shared/live-calls.js';
import { describeUser, requireSignIn } from '../shared/session.js';
import { severityLabel, uiLanguageOf, uiText, type TextKey, type UiLanguage } from '../shared/ui-text.js';
import { alertItem, fillAlert } from './alert-item.js';
import { Beeper } from './beeper.js';
import { CallDetail } from './call-detail.js';
import { callTile, refreshTile } from './call-tile.js';

// The supervisor wall: every call the signed-in lead may watch as a tile, alerts as they happen (newest first, with a
// flash and a beep), acknowledgement, click-through to a call's live view and a whisper to its agent.

const ENDED_CALL_LINGER_MS = 30_000;
const LANGUAGE_KEY = 'callcoach.wall.language';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const tilesEl = $('tiles');
const alertsEl = $('alerts');
const statusEl = $('status');
const messageEl = $('wall-message');
const teamSelect = $<HTMLSelectElement>('filter-team');
const severitySelect = $<HTMLSelectElement>('filter-severity');
const stateSelect = $<HTMLSelectElement>('filter-state');
const sortSelect = $<HTMLSelectElement>('sort');
const muteButton = $<HTMLButtonElement>('mute');
const languageButton = $<HTMLButtonElement>('ui-language');

let language: UiLanguage = uiLanguageOf(localStorage.getItem(LANGUAGE_KEY) ?? navigator.language);
let status: { state: FeedStatus; key: TextKey } = { state: 'connecting', key: 'connecting' };
let who = '';
let ownTeam: string | undefined;
let beeps = 0;
const calls = new LiveCalls();
const beeper = new Beeper();
const feed = new FeedConnection({
  query: () => new URLSearchParams(),
  onMessage: (message: FeedMessage) => {
    for (const change of calls.apply(message)) show(change);
    applyView();
  },
  onStatus: (state, detail) => setStatus(state, state === 'open' ? (detail.resumed ? 'resumed' : 'live') : state === 'connecting' ? 'connecting' : 'retrying'),
});
const detail = new CallDetail(calls, (message) => feed.send(message), () => language);

function setStatus(state: FeedStatus, key: TextKey): void {
  status = { state, key };
  statusEl.dataset.state = state;
  statusEl.textContent = uiText(language, key);
}

function show(change: LiveChange): void {
  const now = Date.now();
  switch (change.kind) {
    case 'hello':
      return;
    case 'reset':
      tilesEl.replaceChildren();
      alertsEl.replaceChildren();
      for (const call of calls.calls.values()) {
        tileFor(call);
        detail.seed(call);
        for (const alert of call.alerts.values()) alertsEl.prepend(alertItem(alert, call.language, now, language, alertActions));
      }
      if (change.afterGap) setStatus('open', 'gap');
      if (detail.openCallId && !calls.calls.has(detail.openCallId)) detail.close();
      detail.refresh(now);
      return;
    case 'call': {
      const call = calls.calls.get(change.callId);
      const tile = call && tileFor(call);
      if (call && tile) refreshTile(tile, call, language, now);
      if (change.callId === detail.openCallId) detail.refresh(now, false);
      return;
    }
    case 'nudge': {
      const n = change.nudge;
      detail.noteNudge(change.callId, n.nudgeId, n.severity, n.category, n.kind === 'card', n.title ? `${n.title}: ${n.text}` : n.text, n.atMs);
      return refreshDetailFor(change.callId, now);
    }
    case 'retracted':
      detail.noteRetracted(change.callId, change.nudgeId);
      return refreshDetailFor(change.callId, now);
    case 'finding':
      detail.noteFinding(change.callId, change.finding.category, change.finding.severity, change.finding.text, change.finding.atMs);
      return refreshDetailFor(change.callId, now);
    case 'whisper':
      detail.noteWhisper(change.whisper.callId, change.whisper.whisperId, change.whisper.from, change.whisper.text);
      return refreshDetailFor(change.whisper.callId, now);
    case 'alert':
      return raise(change.alert, change.isNew, now);
    case 'acknowledged': {
      const item = alertsEl.querySelector<HTMLElement>(`.alert[data-alert-id="${CSS.escape(change.alert.alertId)}"]`);
      if (item) {
        delete item.dataset.acking;
        fillAlert(item, change.alert, calls.calls.get(change.alert.callId)?.language ?? '', language, alertActions);
      }
      return;
    }
    case 'closed':
      setTimeout(() => {
        if (!calls.calls.get(change.callId)?.closed) return;
        calls.drop(change.callId);
        tileOf(change.callId)?.remove();
        detail.forget(change.callId);
        if (detail.openCallId === change.callId) detail.close();
        applyView();
      }, ENDED_CALL_LINGER_MS);
      return;
    case 'error':
      messageEl.textContent = change.message;
      return;
  }
}

function raise(alert: Alert, isNew: boolean, now: number): void {
  const call = calls.calls.get(alert.callId);
  detail.noteAlert(alert.callId, alert.alertId, alert.severity, alert.text, alert.atMs);
  refreshDetailFor(alert.callId, now);
  if (!isNew || alertsEl.querySelector(`.alert[data-alert-id="${CSS.escape(alert.alertId)}"]`)) return;
  const item = alertItem(alert, call?.language ?? '', now, language, alertActions);
  alertsEl.prepend(item);
  flash(item);
  const tile = tileOf(alert.callId);
  if (tile) flash(tile);
  if (beeper.ready) {
    beeper.beep(alert.severity);
    document.body.dataset.beeps = String(++beeps);
  }
  const words = uiText(language, 'newAlert', { severity: severityLabel(alert.severity, language), call: alert.callId, text: alert.text });
  announce($(alert.severity === 'critical' ? 'announce-assertive' : 'announce-polite'), words);
}

function flash(el: HTMLElement): void {
  el.classList.remove('flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('flash');
}

const alertActions = {
  acknowledge: (alert: Alert, item: HTMLElement) => {
    if (!feed.send({ type: 'alert.ack', alertId: alert.alertId })) {
      messageEl.textContent = uiText(language, 'retrying');
      return;
    }
    item.dataset.acking = 'true';
    fillAlert(item, alert, calls.calls.get(alert.callId)?.language ?? '', language, alertActions);
  },
  open: (callId: string, from: HTMLElement) => openCall(callId, from),
};

function openCall(callId: string, from: HTMLElement): void {
  if (!calls.calls.has(callId)) return;
  for (const tile of tilesEl.querySelectorAll<HTMLElement>('.tile')) tile.classList.toggle('selected', tile.dataset.callId === callId);
  detail.open(callId, from);
}

function refreshDetailFor(callId: string, now: number): void {
  if (callId === detail.openCallId) detail.refresh(now);
}

function tileOf(callId: string): HTMLElement | null {
  return tilesEl.querySelector(`.tile[data-call-id="${CSS.escape(callId)}"]`);
}

function tileFor(call: CallRecord): HTMLElement {
  let tile = tileOf(call.callId);
  if (!tile) {
    tile = callTile(call, openCall);
    tilesEl.append(tile);
    refreshTile(tile, call, language, Date.now());
  }
  return tile;
}

/** Filters, sorts and refreshes the team list; reorders the DOM only when the order changed (focus survives). */
function applyView(): void {
  const teams = new Set([...calls.calls.values()].map((c) => c.teamId ?? ''));
  if (ownTeam) teams.add(ownTeam);
  const wanted = [...teams].sort();
  const have = [...teamSelect.options].slice(1).map((o) => o.value);
  if (wanted.join('\n') !== have.join('\n')) {
    const chosen = teamSelect.value;
    teamSelect.replaceChildren(new Option(uiText(language, 'allTeams'), '*'), ...wanted.map((t) => new Option(t || uiText(language, 'noTeam'), t)));
    teamSelect.value = wanted.includes(chosen) ? chosen : '*';
  }
  const team = teamSelect.value;
  const minSeverity = severitySelect.value;
  const state = stateSelect.value;
  const visible = (call: CallRecord) => {
    if (team !== '*' && (call.teamId ?? '') !== team) return false;
    const severity = callSeverity(call);
    if (minSeverity !== '*' && (!severity || SEVERITY_RANK[severity] < SEVERITY_RANK[minSeverity as keyof typeof SEVERITY_RANK])) return false;
    if (state === 'hold' && call.state?.onHoldSinceMs === undefined) return false;
    if (state === 'greeting' && call.checks.greeting !== 'missed') return false;
    if (state === 'unacked' && ![...call.alerts.values()].some((a) => !a.acknowledged)) return false;
    return true;
  };
  const order = [...calls.calls.values()].sort(comparator(sortSelect.value));
  for (const call of order) {
    const tile = tileOf(call.callId);
    if (tile) tile.hidden = !visible(call);
  }
  const current = [...tilesEl.children].map((t) => (t as HTMLElement).dataset.callId);
  if (current.join('\n') !== order.map((c) => c.callId).join('\n')) {
    const focused = document.activeElement as HTMLElement | null;
    for (const call of order) {
      const tile = tileOf(call.callId);
      if (tile) tilesEl.append(tile);
    }
    if (focused && tilesEl.contains(focused)) focused.focus();
  }
  for (const item of alertsEl.querySelectorAll<HTMLElement>('.alert')) {
    const severity = item.dataset.severity as keyof typeof SEVERITY_RANK;
    item.hidden = (team !== '*' && item.dataset.team !== team) || (minSeverity !== '*' && SEVERITY_RANK[severity] < SEVERITY_RANK[minSeverity as keyof typeof SEVERITY_RANK]);
  }
  $('no-alerts').hidden = alertsEl.querySelector('.alert:not([hidden])') !== null;
  $('no-calls').hidden = tilesEl.querySelector('.tile:not([hidden])') !== null;
}

function comparator(sort: string): (a: CallRecord, b: CallRecord) => number {
  const opened = (c: CallRecord) => Date.parse(c.openedAt);
  const rank = (c: CallRecord) => { const s = callSeverity(c); return s ? SEVERITY_RANK[s] : 0; };
  if (sort === 'duration') return (a, b) => opened(a) - opened(b);
  if (sort === 'severity') return (a, b) => rank(b) - rank(a) || opened(b) - opened(a);
  if (sort === 'team') return (a, b) => (a.teamId ?? '').localeCompare(b.teamId ?? '') || opened(b) - opened(a);
  return (a, b) => opened(b) - opened(a) || a.callId.localeCompare(b.callId);
}

/** Page chrome in the wall's language (static text carries data-text keys). */
function translate(): void {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll<HTMLElement>('[data-text]')) node.textContent = uiText(language, node.dataset.text as TextKey);
  for (const option of document.querySelectorAll<HTMLOptionElement>('option[data-text]')) option.textContent = uiText(language, option.dataset.text as TextKey);
  languageButton.textContent = language === 'zh' ? 'English' : '中文';
  languageButton.setAttribute('lang', language === 'zh' ? 'en' : 'zh-CN');
  languageButton.setAttribute('aria-label', language === 'zh' ? 'Switch to English' : '切换到中文');
  muteButton.setAttribute('aria-pressed', String(beeper.muted));
  muteButton.textContent = uiText(language, beeper.muted ? 'muted' : 'soundOn');
  ($('whisper-text') as HTMLInputElement).placeholder = uiText(language, 'whisperPlaceholder');
  $('who').textContent = who ? uiText(language, 'signedInAs', { who }) : '';
  setStatus(status.state, status.key);
  teamSelect.replaceChildren();
  const now = Date.now();
  for (const call of calls.calls.values()) {
    const tile = tileOf(call.callId);
    if (!tile) continue;
    (tile.querySelector('.live-state') as HTMLElement).replaceChildren();
    refreshTile(tile, call, language, now);
  }
  for (const item of alertsEl.querySelectorAll<HTMLElement>('.alert')) {
    const call = calls.calls.get(item.dataset.callId ?? '');
    const alert = call?.alerts.get(item.dataset.alertId ?? '');
    if (alert) fillAlert(item, alert, call?.language ?? '', language, alertActions);
  }
  $('detail-state').replaceChildren();
  detail.refresh(now);
  applyView();
}

languageButton.addEventListener('click', () => {
  language = language === 'zh' ? 'en' : 'zh';
  localStorage.setItem(LANGUAGE_KEY, language);
  translate();
});
muteButton.addEventListener('click', () => {
  beeper.setMuted(!beeper.muted);
  translate();
});
for (const select of [teamSelect, severitySelect, stateSelect, sortSelect]) select.addEventListener('change', applyView);

// Keyboard: A jumps to the newest unacknowledged alert, Escape closes the call view.
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === 'Escape' && detail.openCallId) {
    event.preventDefault();
    detail.close();
    for (const tile of tilesEl.querySelectorAll('.tile.selected')) tile.classList.remove('selected');
  } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key.toLowerCase() === 'a') {
    const ack = alertsEl.querySelector<HTMLElement>('.alert:not([hidden]) .ack');
    if (ack) {
      event.preventDefault();
      ack.focus();
    }
  }
});

setInterval(() => {
  const settled = new Set(calls.tick());
  const now = Date.now();
  for (const call of calls.calls.values()) {
    const tile = tileOf(call.callId);
    if (tile) refreshTile(tile, call, language, now);
  }
  detail.refresh(now, false);
  if (settled.size > 0) applyView();
}, 1_000);

translate();
void requireSignIn().then((user) => {
  who = describeUser(user);
  ownTeam = user.teamId;
  translate();
  feed.restart();
});

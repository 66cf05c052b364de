import { element } from '../shared/element.js';
import { callSeverity, type CallRecord } from '../shared/live-calls.js';
import { renderLiveState } from '../shared/live-state-view.js';
import { categoryLabel, formatDuration, severityLabel, uiText, type UiLanguage } from '../shared/ui-text.js';

/** An active call on the wall; the title button opens its live view. */
export function callTile(call: CallRecord, onOpen: (callId: string, from: HTMLElement) => void): HTMLElement {
  const open = element('button', { type: 'button', class: 'tile-open' });
  open.addEventListener('click', () => onOpen(call.callId, open));
  return element(
    'article',
    { class: 'tile', 'data-call-id': call.callId, 'data-team': call.teamId ?? '' },
    element('h3', {}, open, element('span', { class: 'tile-badge', hidden: true })),
    element('dl', { class: 'facts' }),
    element('div', { class: 'live-state' }),
    element('p', { class: 'last-finding' }),
  );
}

/** Redraws a tile's changing parts in the wall's language; call content keeps the call's language. */
export function refreshTile(tile: HTMLElement, call: CallRecord, language: UiLanguage, wallNowMs: number): void {
  const severity = callSeverity(call);
  tile.dataset.severity = severity ?? 'none';
  tile.classList.toggle('ended', call.closed !== undefined);
  const open = tile.querySelector('.tile-open') as HTMLElement;
  open.textContent = call.callId;
  open.setAttribute('aria-label', uiText(language, 'openCallNamed', { call: call.callId }));
  const unacked = [...call.alerts.values()].filter((a) => !a.acknowledged).length;
  const badge = tile.querySelector('.tile-badge') as HTMLElement;
  badge.hidden = unacked === 0 && !severity;
  badge.textContent = unacked > 0 ? `${severityLabel(severity ?? 'warn', language)} · ${unacked}` : severity ? severityLabel(severity, language) : '';
  const facts: Array<[string, string]> = [
    [uiText(language, 'agent'), call.agentId ?? '—'],
    [uiText(language, 'team'), call.teamId ?? uiText(language, 'noTeam')],
    [uiText(language, 'duration'), call.closed ? uiText(language, 'ended', { reason: call.closed.reason }) : formatDuration(wallNowMs - Date.parse(call.openedAt))],
    [uiText(language, 'language'), call.language],
  ];
  const dl = tile.querySelector('.facts') as HTMLElement;
  dl.replaceChildren(...facts.flatMap(([k, v]) => [element('dt', { text: k }), element('dd', { text: v, 'data-fact': k })]));
  renderLiveState(tile.querySelector('.live-state') as HTMLElement, call, language, wallNowMs, { checks: ['greeting'], reminder: false });
  const last = tile.querySelector('.last-finding') as HTMLElement;
  const finding = call.lastFinding;
  const label = element('span', { class: 'label', text: `${uiText(language, 'lastFinding')}: ` });
  if (finding) last.replaceChildren(label, element('strong', { text: categoryLabel(finding.category, language) }), element('span', { class: 'finding-text', lang: call.language, text: ` — ${finding.text}` }));
  else last.replaceChildren(label, uiText(language, 'none'));
}

import type { Nudge, Whisper } from '../../adapters/server/feed-protocol.js';
import { element } from '../shared/element.js';
import type { CallRecord } from '../shared/live-calls.js';
import { renderLiveState } from '../shared/live-state-view.js';
import { categoryLabel, formatDuration, uiLanguageOf, uiText } from '../shared/ui-text.js';

/** One call on the overlay: header, whispers, checklist, hold timer, pace meter and nudge cards, in the call's language. */
export function callPanel(call: CallRecord): HTMLElement {
  const language = uiLanguageOf(call.language);
  const titleId = `call-title-${call.callId.replace(/[^\w-]/g, '_')}`;
  const panel = element(
    'section',
    { class: 'call', 'data-call-id': call.callId, lang: call.language, 'aria-labelledby': titleId, tabindex: -1 },
    element('h2', { id: titleId }, element('span', { class: 'call-name', text: `${call.callId}${call.agentId ? ` · ${call.agentId}` : ''}` }), element('small', { class: 'call-status', text: call.language })),
    element('div', { class: 'whispers' }),
    element('div', { class: 'live-state' }),
    element('ul', { class: 'nudges', 'aria-label': language === 'zh' ? '提示' : 'Nudges' }),
  );
  return panel;
}

/** Redraws what changes with time or state: the status line, the checklist, the hold timer, the pace meter. */
export function refreshCallPanel(panel: HTMLElement, call: CallRecord, wallNowMs: number): void {
  const language = uiLanguageOf(call.language);
  const status = panel.querySelector('.call-status') as HTMLElement;
  status.textContent = call.closed ? uiText(language, 'ended', { reason: call.closed.reason }) : call.language;
  panel.classList.toggle('ended', call.closed !== undefined);
  renderLiveState(panel.querySelector('.live-state') as HTMLElement, call, language, wallNowMs, { checks: ['greeting', 'surname', 'closing'], reminder: true });
}

/** A nudge card (new, or redrawn in place when a provisional one is confirmed). */
export function nudgeCard(nudge: Nudge, language: ReturnType<typeof uiLanguageOf>, existing: HTMLElement | null, onDismiss: (item: HTMLElement) => void): HTMLElement {
  const item = existing ?? element('li', { class: 'nudge' });
  item.dataset.nudgeId = nudge.nudgeId;
  item.dataset.severity = nudge.severity;
  item.dataset.status = nudge.status;
  item.dataset.kind = nudge.kind;
  const badge = nudge.kind === 'card' ? uiText(language, 'script') : categoryLabel(nudge.category, language);
  const when = `${formatDuration(nudge.atMs)}${nudge.status === 'provisional' ? ` · ${uiText(language, 'checking')}` : ''}`;
  const text = nudge.title ? `${nudge.title}: ${nudge.text}` : nudge.text;
  const dismiss = element('button', { type: 'button', class: 'dismiss', 'aria-label': uiText(language, 'dismissNudge', { text }), title: uiText(language, 'dismiss'), text: '×' });
  dismiss.addEventListener('click', () => onDismiss(item));
  item.replaceChildren(
    element('div', { class: 'meta' }, element('span', { class: 'badge', text: badge }), element('span', { text: when })),
    element('p', { class: 'text', text }),
    ...(nudge.suggest ? [element('p', { class: 'suggest-label', text: uiText(language, 'suggest') }), element('p', { class: 'suggest', text: nudge.suggest })] : []),
    dismiss,
  );
  return item;
}

/** A supervisor's whisper: shown above everything else on the call. */
export function whisperCard(whisper: Whisper, language: ReturnType<typeof uiLanguageOf>, onDismiss: (item: HTMLElement) => void): HTMLElement {
  const dismiss = element('button', { type: 'button', class: 'dismiss', 'aria-label': uiText(language, 'dismissWhisper', { from: whisper.from }), title: uiText(language, 'dismiss'), text: '×' });
  const item = element(
    'div',
    { class: 'whisper', role: 'note', 'data-whisper-id': whisper.whisperId },
    element('p', { class: 'whisper-from', text: uiText(language, 'whisperFrom', { from: whisper.from }) }),
    element('p', { class: 'whisper-text', text: whisper.text }),
    dismiss,
  );
  dismiss.addEventListener('click', () => onDismiss(item));
  return item;
}

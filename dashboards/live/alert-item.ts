import type { Alert } from '../../adapters/server/feed-protocol.js';
import { element } from '../shared/element.js';
import { severityLabel, uiText, type UiLanguage } from '../shared/ui-text.js';

export interface AlertActions {
  readonly acknowledge: (alert: Alert, item: HTMLElement) => void;
  readonly open: (callId: string, from: HTMLElement) => void;
}

/** One alert on the wall: severity, call, text (in the call's language), Acknowledge and Open call. */
export function alertItem(alert: Alert, callLanguage: string, receivedAtMs: number, language: UiLanguage, actions: AlertActions): HTMLElement {
  const item = element('li', { class: 'alert', 'data-alert-id': alert.alertId, 'data-call-id': alert.callId, 'data-severity': alert.severity, 'data-team': alert.teamId ?? '', tabindex: -1 });
  item.dataset.received = String(receivedAtMs);
  fillAlert(item, alert, callLanguage, language, actions);
  return item;
}

/** Redraws an alert item (a language switch, or its acknowledgement). Keeps keyboard focus in the item. */
export function fillAlert(item: HTMLElement, alert: Alert, callLanguage: string, language: UiLanguage, actions: AlertActions): void {
  const focused = item.contains(document.activeElement) && document.activeElement !== item ? (document.activeElement as HTMLElement).className : undefined;
  const head = element(
    'div',
    { class: 'alert-head' },
    element('span', { class: 'severity', text: severityLabel(alert.severity, language) }),
    element('span', { class: 'alert-call', text: [alert.callId, alert.agentId, alert.teamId].filter(Boolean).join(' · ') }),
    element('time', { class: 'alert-time', datetime: new Date(Number(item.dataset.received)).toISOString(), text: clockTime(Number(item.dataset.received)) }),
  );
  const text = element('p', { class: 'alert-text', lang: callLanguage, text: alert.text });
  const open = element('button', { type: 'button', class: 'open', text: uiText(language, 'openCall'), 'aria-label': uiText(language, 'openCallNamed', { call: alert.callId }) });
  open.addEventListener('click', () => actions.open(alert.callId, open));
  const buttons = element('div', { class: 'alert-actions' });
  if (alert.acknowledged) {
    item.dataset.acknowledged = 'true';
    buttons.append(element('p', { class: 'acked', text: uiText(language, 'acknowledgedBy', { by: alert.acknowledged.by, at: clockTime(Date.parse(alert.acknowledged.at)) }) }), open);
  } else {
    delete item.dataset.acknowledged;
    const pending = item.dataset.acking === 'true';
    const ack = element('button', { type: 'button', class: 'ack', text: uiText(language, pending ? 'acknowledging' : 'acknowledge'), 'aria-label': uiText(language, 'acknowledgeAlert', { text: alert.text }), 'aria-disabled': pending ? 'true' : undefined });
    ack.addEventListener('click', () => {
      if (ack.getAttribute('aria-disabled') === 'true') return;
      actions.acknowledge(alert, item);
    });
    buttons.append(ack, open);
  }
  item.replaceChildren(head, text, buttons);
  // Focus stays where it was; once the Acknowledge button is gone it moves to the Open button beside it.
  if (focused !== undefined) (buttons.querySelector<HTMLElement>(`.${focused}`) ?? open).focus();
}

/** HH:MM:SS in the reader's locale. */
export function clockTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }) : '';
}

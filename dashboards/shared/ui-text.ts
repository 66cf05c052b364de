import type { FindingCategory, Severity } from '../../adapters/server/feed-protocol.js';

/** The two languages the pages speak. Call content follows the call's language; page chrome the reader's. */
export type UiLanguage = 'zh' | 'en';

/** 'zh' for any Chinese tag (zh, zh-CN, zh-Hant-TW), else 'en'. */
export function uiLanguageOf(tag: string | undefined): UiLanguage {
  return tag?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const EN = {
  overlayTitle: 'agent overlay',
  wallTitle: 'supervisor wall',
  agentFilter: 'Agent',
  allAgents: 'all agents',
  connecting: 'connecting…',
  live: 'live',
  retrying: 'disconnected, retrying…',
  resumed: 'live (resumed)',
  gap: 'live (reloaded: some updates were missed)',
  ownCallsOnly: 'you can watch only your own calls ({agent})',
  noCallsOverlay: 'No live calls yet. Nudges appear here while calls are running.',
  noCallsWall: 'No live calls for you to watch right now.',
  ended: 'ended ({reason})',
  checks: 'Checklist',
  greeting: 'Greeting',
  surname: 'Surname',
  closing: 'Closing',
  ok: 'done',
  missed: 'missed',
  pending: 'pending',
  onHold: 'On hold {time}',
  holdApology: 'Over 30 s on hold: apologise when you return — "Sorry to keep you waiting."',
  pace: 'Pace',
  paceUnknown: 'Pace: not enough speech yet',
  paceValue: '{value} {unit}/min',
  paceSlow: 'slow',
  paceGood: 'good',
  paceFast: 'fast',
  chars: 'chars',
  words: 'words',
  norm: 'aim {low}–{high}',
  script: 'script',
  checking: 'checking…',
  suggest: 'Say instead',
  dismiss: 'Dismiss',
  dismissNudge: 'Dismiss nudge: {text}',
  dismissWhisper: 'Dismiss message from {from}',
  whisperFrom: 'From {from}',
  newNudge: 'New nudge: {text}',
  newWhisper: 'Message from {from}: {text}',
  escapeHint: 'Esc dismisses the newest nudge',
  alerts: 'Alerts',
  noAlerts: 'No alerts.',
  acknowledge: 'Acknowledge',
  acknowledgeAlert: 'Acknowledge alert: {text}',
  acknowledging: 'Acknowledging…',
  acknowledgedBy: 'Acknowledged by {by} at {at}',
  openCall: 'Open call',
  openCallNamed: 'Open call {call}',
  calls: 'Active calls',
  team: 'Team',
  allTeams: 'all teams',
  noTeam: 'no team',
  severity: 'Severity',
  anySeverity: 'any',
  state: 'State',
  anyState: 'any',
  stateOnHold: 'on hold',
  stateGreetingMissed: 'greeting missed',
  stateUnacked: 'unacknowledged alert',
  sort: 'Sort',
  sortNewest: 'newest',
  sortDuration: 'longest',
  sortSeverity: 'most severe',
  sortTeam: 'team',
  agent: 'Agent',
  duration: 'Duration',
  language: 'Language',
  lastFinding: 'Last finding',
  none: 'none',
  sound: 'Sound',
  soundOn: 'Sound on',
  muted: 'Muted',
  uiLanguage: 'Language',
  callDetail: 'Call {call}',
  close: 'Close',
  closeDetail: 'Close call view',
  events: 'What happened on this call',
  noEvents: 'Nothing yet.',
  kindNudge: 'nudge',
  kindFinding: 'finding',
  kindAlert: 'alert',
  kindWhisper: 'whisper',
  whisperLabel: 'Whisper to the agent',
  whisperPlaceholder: 'a short note the agent sees at once',
  send: 'Send',
  whisperSent: 'Whisper sent.',
  newAlert: '{severity} alert on call {call}: {text}',
  keyboardHint: 'Keys: A = newest unacknowledged alert, Esc = close call view',
  info: 'info',
  warn: 'warning',
  critical: 'critical',
  signedInAs: 'Signed in as {who}',
} as const;

export type TextKey = keyof typeof EN;

const ZH: Record<TextKey, string> = {
  overlayTitle: '坐席提示',
  wallTitle: '班长监控墙',
  agentFilter: '坐席',
  allAgents: '全部坐席',
  connecting: '正在连接…',
  live: '实时',
  retrying: '连接中断，正在重试…',
  resumed: '实时（已续接）',
  gap: '实时（已重新加载：部分更新未能补发）',
  ownCallsOnly: '您只能查看自己的通话（{agent}）',
  noCallsOverlay: '暂无进行中的通话。通话进行时，提示会显示在这里。',
  noCallsWall: '当前没有您可查看的通话。',
  ended: '已结束（{reason}）',
  checks: '检查项',
  greeting: '开场白',
  surname: '称呼姓氏',
  closing: '结束语',
  ok: '已完成',
  missed: '未做到',
  pending: '待定',
  onHold: '保持中 {time}',
  holdApology: '已等待超过 30 秒：回到通话时请先致歉——“很抱歉，让您久等了。”',
  pace: '语速',
  paceUnknown: '语速：说话时长不足，暂无数据',
  paceValue: '{value} {unit}/分钟',
  paceSlow: '偏慢',
  paceGood: '适中',
  paceFast: '偏快',
  chars: '字',
  words: '词',
  norm: '建议 {low}–{high}',
  script: '话术',
  checking: '确认中…',
  suggest: '建议说法',
  dismiss: '关闭',
  dismissNudge: '关闭提示：{text}',
  dismissWhisper: '关闭来自 {from} 的消息',
  whisperFrom: '来自 {from}',
  newNudge: '新提示：{text}',
  newWhisper: '来自 {from} 的消息：{text}',
  escapeHint: '按 Esc 关闭最新一条提示',
  alerts: '告警',
  noAlerts: '暂无告警。',
  acknowledge: '确认',
  acknowledgeAlert: '确认告警：{text}',
  acknowledging: '正在确认…',
  acknowledgedBy: '已由 {by} 于 {at} 确认',
  openCall: '查看通话',
  openCallNamed: '查看通话 {call}',
  calls: '进行中的通话',
  team: '班组',
  allTeams: '全部班组',
  noTeam: '无班组',
  severity: '级别',
  anySeverity: '全部',
  state: '状态',
  anyState: '全部',
  stateOnHold: '保持中',
  stateGreetingMissed: '缺开场白',
  stateUnacked: '有未确认告警',
  sort: '排序',
  sortNewest: '最新',
  sortDuration: '时长最长',
  sortSeverity: '最严重',
  sortTeam: '班组',
  agent: '坐席',
  duration: '时长',
  language: '语言',
  lastFinding: '最近问题',
  none: '无',
  sound: '声音',
  soundOn: '声音开',
  muted: '已静音',
  uiLanguage: '语言',
  callDetail: '通话 {call}',
  close: '关闭',
  closeDetail: '关闭通话视图',
  events: '本通话的提示与问题',
  noEvents: '暂无。',
  kindNudge: '提示',
  kindFinding: '问题',
  kindAlert: '告警',
  kindWhisper: '耳语',
  whisperLabel: '给坐席发送耳语',
  whisperPlaceholder: '坐席会立即看到的简短提示',
  send: '发送',
  whisperSent: '耳语已发送。',
  newAlert: '通话 {call} 出现{severity}告警：{text}',
  keyboardHint: '快捷键：A = 最新未确认告警，Esc = 关闭通话视图',
  info: '提示',
  warn: '警告',
  critical: '严重',
  signedInAs: '当前用户 {who}',
};

const TEXTS: Record<UiLanguage, Record<TextKey, string>> = { en: EN, zh: ZH };

/** A page string in one language, with `{name}` placeholders filled. */
export function uiText(language: UiLanguage, key: TextKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return TEXTS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

// Every category has a label in both languages (the Record type makes a new category a compile error here).
const CATEGORY_LABELS: Record<FindingCategory, Record<UiLanguage, string>> = {
  greeting_missing: { en: 'Greeting missing', zh: '开场白缺失' },
  closing_missing: { en: 'Closing missing', zh: '结束语缺失' },
  forbidden_phrase: { en: 'Forbidden phrase', zh: '服务禁语' },
  pace_fast: { en: 'Speaking too fast', zh: '语速过快' },
  pace_slow: { en: 'Speaking too slowly', zh: '语速过慢' },
  hold_without_permission: { en: 'Hold without asking', zh: '未征询即保持' },
  hold_no_apology: { en: 'No apology after hold', zh: '等待后未致歉' },
  hold_too_long: { en: 'Hold too long', zh: '等待过长' },
  agent_hangup_first: { en: 'Agent hung up first', zh: '坐席先挂机' },
  interruption: { en: 'Interrupted the customer', zh: '打断客户' },
  dead_air: { en: 'Dead air', zh: '无声冷场' },
  pace_mismatch: { en: 'Pace far above the customer’s', zh: '语速远快于客户' },
  surname_unused: { en: 'Surname not used', zh: '未称呼客户姓氏' },
  ladder_incomplete: { en: 'Script steps skipped', zh: '处理步骤不完整' },
  coaching: { en: 'Coaching card', zh: '话术卡片' },
};

/** A finding category as people read it. */
export function categoryLabel(category: FindingCategory | undefined, language: UiLanguage): string {
  return category ? CATEGORY_LABELS[category][language] : '';
}

/** Every category's labels, for tests that check none is missing. */
export function categoryLabels(): Readonly<Record<FindingCategory, Readonly<Record<UiLanguage, string>>>> {
  return CATEGORY_LABELS;
}

/** Severity as people read it. */
export function severityLabel(severity: Severity, language: UiLanguage): string {
  return uiText(language, severity);
}

/** m:ss (or h:mm:ss) from milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

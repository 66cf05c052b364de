import type { EngineOutput } from '../../engine/index.js';

const ICONS = { info: 'ℹ', warn: '⚠', critical: '✖' } as const;

/** Formats call time as m:ss. */
export function formatCallTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * One line per change of what an agent sees: a nudge (provisional ones marked "?"), its confirmation, a withdrawal,
 * a script card. Returns undefined for outputs an agent does not see.
 */
export function formatNudgeLine(output: EngineOutput): string | undefined {
  if (output.type === 'nudge') {
    const n = output.nudge;
    const icon = n.kind === 'card' ? '☰' : ICONS[n.severity];
    const status = n.status === 'provisional' ? ' (provisional)' : '';
    const text = n.title ? `${n.title}: ${n.text}` : n.text;
    return `${formatCallTime(n.atMs).padStart(6)}  ${n.callId}  ${icon} ${text}${status}${n.suggest ? `\n${' '.repeat(8 + n.callId.length)}→ ${n.suggest}` : ''}`;
  }
  if (output.type === 'nudge.retracted') {
    return `${formatCallTime(output.retraction.atMs).padStart(6)}  ${output.retraction.callId}  ↶ withdrawn: ${output.retraction.reason}`;
  }
  if (output.type === 'call.opened') return `${formatCallTime(output.atMs).padStart(6)}  ${output.callId}  ── call started (${output.language}${output.agentId ? `, agent ${output.agentId}` : ''})`;
  if (output.type === 'call.closed') return `${formatCallTime(output.atMs).padStart(6)}  ${output.callId}  ── call closed (${output.reason})`;
  return undefined;
}

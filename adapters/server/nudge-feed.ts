import type { WebSocket } from 'ws';
import type { EngineOutput, Nudge } from '../../engine/index.js';

/** What a feed client asked for: one agent's calls, one call, or everything (a supervisor's view). */
export interface FeedFilter {
  readonly agentId?: string;
  readonly teamId?: string;
  readonly callId?: string;
}

interface LiveCall {
  readonly callId: string;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly language: string;
  readonly nudges: Map<string, Nudge>;
}

/**
 * Pushes nudges to overlays. Keeps the current nudges of open calls so an overlay that connects (or reconnects)
 * mid-call gets a snapshot first, then every change.
 */
export class NudgeFeed {
  private readonly calls = new Map<string, LiveCall>();
  private readonly clients = new Map<WebSocket, FeedFilter>();

  attach(socket: WebSocket, filter: FeedFilter): void {
    this.clients.set(socket, filter);
    socket.on('close', () => this.clients.delete(socket));
    const calls = [...this.calls.values()].filter((c) => matches(filter, c)).map((c) => ({ callId: c.callId, agentId: c.agentId, language: c.language, nudges: [...c.nudges.values()] }));
    socket.send(JSON.stringify({ type: 'snapshot', calls }));
  }

  /** Feeds one engine output to the overlays that want it. */
  publish(output: EngineOutput): void {
    switch (output.type) {
      case 'call.opened': {
        this.calls.set(output.callId, { callId: output.callId, ...(output.agentId ? { agentId: output.agentId } : {}), ...(output.teamId ? { teamId: output.teamId } : {}), language: output.language, nudges: new Map() });
        this.send(output.callId, { type: 'call.opened', callId: output.callId, agentId: output.agentId, language: output.language, packs: output.packs });
        return;
      }
      case 'nudge':
        this.calls.get(output.nudge.callId)?.nudges.set(output.nudge.nudgeId, output.nudge);
        this.send(output.nudge.callId, { type: 'nudge', nudge: output.nudge });
        return;
      case 'nudge.retracted':
        this.calls.get(output.retraction.callId)?.nudges.delete(output.retraction.nudgeId);
        this.send(output.retraction.callId, { type: 'nudge.retracted', retraction: output.retraction });
        return;
      case 'call.closed':
        this.send(output.callId, { type: 'call.closed', callId: output.callId, reason: output.reason });
        this.calls.delete(output.callId);
        return;
      default:
        return;
    }
  }

  get openCalls(): number {
    return this.calls.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private send(callId: string, message: object): void {
    const call = this.calls.get(callId) ?? { callId };
    const text = JSON.stringify(message);
    for (const [socket, filter] of this.clients) {
      if (socket.readyState === socket.OPEN && matches(filter, call)) socket.send(text);
    }
  }
}

function matches(filter: FeedFilter, call: { callId: string; agentId?: string; teamId?: string }): boolean {
  if (filter.callId !== undefined && filter.callId !== call.callId) return false;
  if (filter.agentId !== undefined && filter.agentId !== call.agentId) return false;
  if (filter.teamId !== undefined && filter.teamId !== call.teamId) return false;
  return true;
}

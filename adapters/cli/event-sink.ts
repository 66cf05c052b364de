import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';
import type { CallEvent } from '../../engine/index.js';
import { CliError } from './cli-error.js';

/** Where a producer's protocol v1 events go: a JSONL file, stdout, or a running server's WebSocket ingest. */
export interface EventSink {
  /** Says where the events went, for the summary line. */
  readonly description: string;
  write(event: CallEvent): void;
  /** Flushes; for the ingest, waits until the server has taken every event. Resolves with the refusals it reported. */
  close(): Promise<{ rejected: number }>;
}

/**
 * Opens the sink a command's `--to` (ws:// or wss:// URL of `callcoach serve`'s /ingest) or `--out` (a JSONL file
 * that `callcoach analyze` reads) names; neither means JSONL on stdout. Refusals from the server are printed as the
 * server words them (codes and positions, never transcript text).
 */
export async function openEventSink(command: string, target: { readonly to?: string; readonly out?: string }): Promise<EventSink> {
  if (target.to !== undefined && target.out !== undefined) throw new CliError(`${command}: give --to or --out, not both`);
  if (target.to !== undefined) return openIngestSink(command, target.to);
  if (target.out !== undefined) {
    const file = target.out;
    const stream = createWriteStream(file);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err) => reject(new CliError(`${command}: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    });
    return {
      description: file,
      write: (event) => void stream.write(JSON.stringify(event) + '\n'),
      close: () => new Promise((resolve) => stream.end(() => resolve({ rejected: 0 }))),
    };
  }
  return {
    description: 'stdout',
    write: (event) => void process.stdout.write(JSON.stringify(event) + '\n'),
    close: async () => ({ rejected: 0 }),
  };
}

async function openIngestSink(command: string, to: string): Promise<EventSink> {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new CliError(`${command}: --to must be a WebSocket URL such as ws://127.0.0.1:8080/ingest (got ${JSON.stringify(to)})`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new CliError(`${command}: --to must start with ws:// or wss:// (got ${url.protocol})`);
  // Acknowledged ingest: closing waits until the server has taken every event, so nothing is lost on exit.
  url.searchParams.set('ack', '1');
  // The server takes events only from an ingest token (callcoach token create --role ingest).
  const token = process.env.CALLCOACH_INGEST_TOKEN;
  const socket = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => {
        const reason = (() => {
          try {
            return (JSON.parse(body) as { error?: string }).error;
          } catch {
            return undefined;
          }
        })();
        const hint = status === 401 || status === 403 ? (token ? ' (check CALLCOACH_INGEST_TOKEN: it must be an ingest token for this server)' : ': set CALLCOACH_INGEST_TOKEN to a token from `callcoach token create --role ingest`') : '';
        reject(new CliError(`${command}: ${to} refused the connection with ${status}${reason ? `: ${reason}` : ''}${hint}`));
      });
    });
    socket.once('error', (err) => reject(new CliError(`${command}: cannot connect to ${to} (${(err as NodeJS.ErrnoException).code ?? err.message}); is \`callcoach serve\` running there?`)));
  });
  let sent = 0;
  let acked = 0;
  let rejected = 0;
  let drained: () => void = () => undefined;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type?: string; code?: string; message?: string };
    if (message.type === 'ack') acked++;
    else if (message.type === 'error') {
      rejected++;
      process.stderr.write(`${command}: the server refused an event: ${message.code}: ${message.message}\n`);
    }
    if (acked >= sent) drained();
  });
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    description: to,
    write: (event) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      sent++;
      socket.send(JSON.stringify(event));
    },
    close: async () => {
      if (acked < sent && socket.readyState === WebSocket.OPEN) await Promise.race([new Promise<void>((resolve) => (drained = resolve)), gone]);
      socket.close();
      if (acked < sent) throw new CliError(`${command}: the connection to ${to} closed before the server took ${sent - acked} of ${sent} events`);
      return { rejected };
    },
  };
}

import { pino, type DestinationStream } from 'pino';

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Messages are static text; ids and counts go in `fields`. Transcript text never goes into a log line.
 */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, string | number | boolean | undefined>) => void;

/**
 * A logger writing one line per entry to a stream (stderr by default): JSON through pino (fast, and what log
 * collectors expect; `--log-json`), or plain text for a person at a terminal.
 */
export function createLogger(options: { json?: boolean; minLevel?: LogLevel; stream?: NodeJS.WritableStream } = {}): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const min = order[options.minLevel ?? 'info'];
  const stream = options.stream ?? process.stderr;
  if (options.json) {
    const log = pino(
      { level: options.minLevel ?? 'info', base: null, messageKey: 'message', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
      stream as DestinationStream,
    );
    return (level, message, fields = {}) => log[level](Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), message);
  }
  return (level, message, fields = {}) => {
    if (order[level] < min) return;
    const extra = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    stream.write(`${level.padEnd(5)} ${message}${extra ? ` ${extra}` : ''}\n`);
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = () => undefined;

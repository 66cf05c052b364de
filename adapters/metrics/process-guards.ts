import type { Logger } from '../log/logger.js';

/**
 * Keeps a serving process alive through a stray exception or rejection: the engine isolates each call, so what
 * reaches here is an adapter's bug (a socket callback, a timer); one call's error must not end every other call.
 * Logged with its name only (a message may hold data), counted, and the process goes on. Returns the uninstaller.
 */
export function installProcessGuards(log: Logger, count: (kind: 'uncaught_exception' | 'unhandled_rejection') => void, target: NodeJS.Process = process): () => void {
  const onException = (err: Error) => {
    count('uncaught_exception');
    log('error', 'uncaught exception; still serving', { error: err?.name ?? 'error', where: firstFrame(err) });
  };
  const onRejection = (reason: unknown) => {
    count('unhandled_rejection');
    log('error', 'unhandled promise rejection; still serving', { error: reason instanceof Error ? reason.name : typeof reason, where: reason instanceof Error ? firstFrame(reason) : undefined });
  };
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}

/** "file.js:12:3" of the frame that threw: enough to find the bug, no data. */
function firstFrame(err: Error | undefined): string | undefined {
  const line = err?.stack?.split('\n').find((l) => /^\s+at /.test(l));
  return line?.match(/([^/\\(\s]+:\d+:\d+)\)?$/)?.[1];
}

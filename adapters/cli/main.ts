import { formatProblem, PackError } from '../../rules/compiler/pack-problem.js';
import { analyzeCommand } from './analyze-command.js';
import { publishCommand } from './publish-command.js';
import { redactCommand } from './redact-command.js';
import { replayCommand } from './replay-command.js';
import { serveCommand } from './serve-command.js';
import { startCommand } from './start-command.js';
import { tokenCommand, userCommand } from './token-command.js';
import { transcribeCommand } from './transcribe-command.js';
import { CliError } from './cli-error.js';
import { rulesCommand } from './rules-command.js';
import { StoreError } from '../store/store-error.js';

const COMMANDS: Record<string, { run: (argv: readonly string[]) => Promise<number>; summary: string }> = {
  analyze: { run: analyzeCommand, summary: 'analyze recorded calls on a virtual clock and write findings' },
  replay: { run: replayCommand, summary: 'play recorded calls through the live pipeline and print nudges' },
  rules: { run: rulesCommand, summary: 'pack toolchain: lint, test, diff (backtest), explain, schema, import' },
  serve: { run: serveCommand, summary: 'WebSocket ingest, nudge feed and the agent overlay' },
  start: { run: startCommand, summary: 'serve plus a real-time replay of the bundled demo calls' },
  publish: { run: publishCommand, summary: 'put recorded calls onto the NATS JetStream event bus for serve workers' },
  redact: { run: redactCommand, summary: 'mask personal data in an existing store and rebuild its files (VACUUM)' },
  token: { run: tokenCommand, summary: 'create a signed sign-in token: token create --role agent --agent A1 --team T1 --ttl 8h' },
  user: { run: userCommand, summary: 'hash a password (read on stdin) for the --users file' },
  transcribe: { run: transcribeCommand, summary: 'recognise a recorded call (WAV) with Google Speech-to-Text into events' },
};

const HELP = `callcoach — real-time speech-compliance coaching

usage: callcoach <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}
`;

/** The command-line entry point: runs a command and returns its exit code. Users' mistakes never show a stack trace. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`callcoach: unknown command "${name}"\n\n${HELP}`);
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`callcoach ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof StoreError) {
      // A store that is down may be up later: 75 (EX_TEMPFAIL) tells a supervisor to retry, as transcribe does.
      process.stderr.write(`callcoach ${name}: ${err.message}\n`);
      return err.retryable ? 75 : 1;
    }
    if (err instanceof PackError) {
      process.stderr.write(`callcoach ${name}: the rule pack has errors:\n${err.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
      return 1;
    }
    throw err;
  }
}

import WebSocket from 'ws';
import type { SchedulerLike } from 'rxjs';
import { ScaledScheduler } from '../clock/scaled-scheduler.js';
import { demoCalls } from '../demo/demo-calls.js';
import { deliverOnSchedule } from '../replay/deliver-on-schedule.js';
import { planDeliveries } from '../replay/delivery-plan.js';
import { CliError } from './cli-error.js';
import { parseCliArgs } from './parse-cli-args.js';
import { formatNudgeLine } from './print-nudges.js';
import { launchServer, localLinks, SERVE_OPTIONS, untilInterrupted } from './serve-command.js';

const USAGE = 'callcoach start [--port 8080] [--once] [--speed N] [serve options]';
const PAUSE_BETWEEN_ROUNDS_MS = 8_000;
const STAGGER_MS = 6_000;

/**
 * `npm start`: the main job on embedded defaults — serve (SQLite store, shipped packs) plus a real-time replay of the
 * bundled demo calls through the WebSocket ingest, exactly as a live adapter would send them; nudges are printed and
 * shown on the overlay.
 */
export async function startCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('start', argv, { ...SERVE_OPTIONS, once: { type: 'boolean' }, speed: { type: 'string', default: '1' } }, USAGE);
  if (positionals.length > 0) throw new CliError(`start: unexpected argument ${positionals[0]}\nusage: ${USAGE}`);
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= 100)) throw new CliError('start: --speed must be a number between 0 and 100');
  // One clock for the demo feed and the engine, so timers keep their place however fast the demo plays.
  const scheduler = new ScaledScheduler(speed);
  const { server, signIn, stop } = await launchServer('start', values, scheduler);
  process.stdout.write(`\ncallcoach is running on ${server.url}.\n`);
  if (signIn.generated) process.stdout.write(await localLinks(server, signIn, 'a-1024'));
  else process.stdout.write(`  sign in at ${server.url}/login with a token from \`callcoach token create\` or your identity provider\n`);
  process.stdout.write('Replaying demo calls in real time (Ctrl-C to stop)…\n\n');
  const printing = server.outputs.subscribe((output) => {
    const line = formatNudgeLine(output);
    if (line) process.stdout.write(line + '\n');
  });

  // Acknowledged ingest: a round is over only when the server has taken every event of it.
  // The demo feed signs in like any adapter would: with an ingest token.
  const ingestToken = await signIn.auth.issue({ subject: 'demo-feed', role: 'ingest' }, 24 * 3600);
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ingest?ack=1`, { headers: { authorization: `Bearer ${ingestToken}` } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let stopped = false;
  const rounds = (async () => {
    for (let round = 1; !stopped; round++) {
      await playRound(socket, round === 1 ? '' : `-r${round}`, scheduler);
      if (values.once) break;
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_ROUNDS_MS / speed));
    }
  })();
  await (values.once ? rounds : Promise.race([rounds, untilInterrupted()]));
  stopped = true;
  socket.close();
  await stop();
  printing.unsubscribe();
  return 0;
}

// Calls start a few seconds apart, each event sent at its own call time, like an ASR adapter would.
function playRound(socket: WebSocket, suffix: string, scheduler: SchedulerLike): Promise<void> {
  let sent = 0;
  let acked = 0;
  let allSent = false;
  let finish: () => void = () => undefined;
  const onMessage = (data: WebSocket.RawData) => {
    if ((JSON.parse(String(data)) as { type?: string }).type === 'ack') acked++;
    if (allSent && acked >= sent) finish();
  };
  socket.on('message', onMessage);
  const calls = demoCalls(suffix);
  const staggered = calls.flatMap((events, i) => events.map((event) => ({ event, atMs: i * STAGGER_MS + event.tMs })));
  staggered.sort((a, b) => a.atMs - b.atMs);
  const feed = deliverOnSchedule(planDeliveries(staggered.map(({ event }) => ({ event }))), scheduler);
  return new Promise((resolve) => {
    finish = () => {
      socket.off('message', onMessage);
      resolve();
    };
    feed.inputs.subscribe({
      next: (input) => {
        if ('event' in input && socket.readyState === socket.OPEN) {
          socket.send(JSON.stringify(input.event));
          sent++;
        }
      },
      complete: () => {
        allSent = true;
        if (acked >= sent) finish();
      },
    });
    feed.start();
  });
}

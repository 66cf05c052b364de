import { existsSync } from 'node:fs';
import { lastValueFrom, tap, type SchedulerLike } from 'rxjs';
import { createEngine, formatIngestError, type IngestError } from '../../engine/index.js';
import { HeapVirtualScheduler } from '../batch/heap-virtual-scheduler.js';
import { ScaledScheduler } from '../clock/scaled-scheduler.js';
import { readEventFile } from '../jsonl/read-event-file.js';
import { loadPacks } from '../packs/load-packs.js';
import { deliverOnSchedule } from '../replay/deliver-on-schedule.js';
import { planDeliveries } from '../replay/delivery-plan.js';
import { CliError } from './cli-error.js';
import { parseCliArgs } from './parse-cli-args.js';
import { formatNudgeLine } from './print-nudges.js';

const USAGE = 'callcoach replay <events.jsonl> [--speed 1|10|max] [--pack id|path]... [--nudge-policy show|hold]';

/** `callcoach replay`: plays recorded calls through the live pipeline and prints nudges as the agent would see them. */
export async function replayCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('replay', argv, { speed: { type: 'string', default: '1' }, pack: { type: 'string', multiple: true }, 'nudge-policy': { type: 'string' } }, USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliError(`replay: give exactly one events file\nusage: ${USAGE}`);
  if (!existsSync(file)) throw new CliError(`replay: ${file}: no such file`);
  const speed = values.speed === 'max' ? Infinity : Number(values.speed);
  if (!(speed > 0)) throw new CliError(`replay: --speed must be a positive number or "max" (got ${JSON.stringify(values.speed)})`);
  const policy = values['nudge-policy'];
  if (policy !== undefined && policy !== 'show' && policy !== 'hold') throw new CliError('replay: --nudge-policy must be "show" or "hold"');

  const { packs } = loadPacks(values.pack ?? []);
  const deliveries = planDeliveries(await readEventFile(file));
  const virtual = speed === Infinity ? new HeapVirtualScheduler() : undefined;
  const scheduler: SchedulerLike = virtual ?? new ScaledScheduler(speed);
  const feed = deliverOnSchedule(deliveries, scheduler);
  const errors: IngestError[] = [];
  const done = lastValueFrom(
    feed.inputs.pipe(
      createEngine({ scheduler, packs: () => packs, lingerMs: 1_000, ...(policy ? { nudgePolicy: { provisional: policy } } : {}) }),
      tap((output) => {
        const line = formatNudgeLine(output);
        if (line) process.stdout.write(line + '\n');
        if (output.type === 'rejected' && output.error.severity === 'error') {
          errors.push(output.error);
          process.stderr.write(`rejected: ${formatIngestError(output.error)}\n`);
        }
      }),
    ),
    { defaultValue: undefined },
  );
  feed.start();
  virtual?.flush();
  await done;
  return errors.length > 0 ? 1 : 0;
}

import { existsSync } from 'node:fs';
import { formatIngestError } from '../../engine/index.js';
import { readEventFile } from '../jsonl/read-event-file.js';
import { DEFAULT_EVENT_STREAM, DEFAULT_EVENT_SUBJECT_PREFIX } from '../nats/event-subjects.js';
import { openEventPublisher } from '../nats/nats-event-publisher.js';
import { CliError } from './cli-error.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE = 'callcoach publish <events.jsonl>... --nats nats://host:4222 [--partitions 16]';

/**
 * `callcoach publish`: puts recorded calls onto the event bus (NATS JetStream), each call on its partition, for
 * workers started with `callcoach serve --nats …` (load tests, migrations, replays into a cluster).
 */
export async function publishCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs('publish', argv, { nats: { type: 'string' }, partitions: { type: 'string', default: '16' } }, USAGE);
  if (positionals.length === 0) throw new CliError(`publish: give at least one events file\nusage: ${USAGE}`);
  const servers = values.nats ?? process.env.CALLCOACH_NATS_URL;
  if (!servers) throw new CliError(`publish: say where the bus is with --nats nats://host:4222 (or CALLCOACH_NATS_URL)\nusage: ${USAGE}`);
  const partitions = Number(values.partitions);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1024) throw new CliError('publish: --partitions must be a whole number from 1 to 1024');
  for (const file of positionals) if (!existsSync(file)) throw new CliError(`publish: ${file}: no such file`);
  let publisher;
  try {
    publisher = await openEventPublisher({ servers, stream: process.env.CALLCOACH_NATS_STREAM ?? DEFAULT_EVENT_STREAM, subjectPrefix: process.env.CALLCOACH_NATS_SUBJECT_PREFIX ?? DEFAULT_EVENT_SUBJECT_PREFIX, partitions });
  } catch (err) {
    throw new CliError(`publish: ${(err as Error).message}`);
  }
  let published = 0;
  let bad = 0;
  try {
    for (const file of positionals) {
      for (const input of await readEventFile(file)) {
        if ('error' in input) {
          bad++;
          process.stderr.write(`skipped: ${formatIngestError(input.error)}\n`);
          continue;
        }
        await publisher.publish(input.event);
        published++;
      }
    }
  } finally {
    await publisher.close();
  }
  process.stdout.write(`published ${published} events to ${DEFAULT_EVENT_STREAM} over ${partitions} partitions${bad ? `; ${bad} bad line(s) skipped` : ''}\n`);
  return bad > 0 ? 1 : 0;
}

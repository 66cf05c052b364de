import { basename, extname } from 'node:path';
import type { Subscription } from 'rxjs';
import type { CallEvent, Speaker } from '../../engine/index.js';
import { AudioError } from '../audio/audio-error.js';
import type { AudioSource } from '../audio/audio-source.js';
import { openWavFile } from '../audio/open-wav-file.js';
import { GoogleSpeechError } from '../google-speech/google-speech-error.js';
import { createLogger } from '../log/logger.js';
import { RecognizerError } from '../recognition/recognizer-error.js';
import type { Recognizer } from '../recognition/recognizer.js';
import { resolveRecognizer } from '../recognition/resolve-recognizer.js';
import { CliError } from './cli-error.js';
import { openEventSink } from './event-sink.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE =
  'callcoach transcribe <call.wav> --language zh-CN [--channels agent,customer] [--call-id X] [--agent-id A] ' +
  '[--to ws://host:port/ingest | --out events.jsonl] [--speed 1|N|max] [--recognizer google|sherpa-onnx] [--model name] [--model-dir dir] [--log-json]';

/** Exit code for a failure that may pass if the command is run again later (EX_TEMPFAIL). */
const EXIT_RETRYABLE = 75;
const SPEAKERS: readonly Speaker[] = ['agent', 'customer', 'unknown'];

/**
 * `callcoach transcribe`: recognises a recorded call (WAV) with the configured recogniser (Google Speech-to-Text by
 * default, or sherpa-onnx with an operator-supplied model: --recognizer / CALLCOACH_RECOGNIZER) and sends the protocol v1
 * events to a running `callcoach serve` (--to) or a JSONL file (--out; stdout when neither). Credentials come from
 * the standard Google environment and are checked before any audio is read.
 */
export async function transcribeCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    'transcribe',
    argv,
    {
      language: { type: 'string' },
      channels: { type: 'string' },
      'call-id': { type: 'string' },
      'agent-id': { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      speed: { type: 'string', default: '1' },
      model: { type: 'string' },
      recognizer: { type: 'string' },
      'model-dir': { type: 'string' },
      'log-json': { type: 'boolean' },
    },
    USAGE,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliError(`transcribe: give exactly one WAV file\nusage: ${USAGE}`);
  if (!values.language) throw new CliError(`transcribe: --language is required (the call's language, e.g. zh-CN or en-US)\nusage: ${USAGE}`);
  const speed = values.speed === 'max' ? Infinity : Number(values.speed);
  if (!(speed > 0)) throw new CliError(`transcribe: --speed must be a positive number or "max" (got ${JSON.stringify(values.speed)})`);
  const named = values.channels?.split(',').map((s) => s.trim());
  const bad = named?.find((s) => !SPEAKERS.includes(s as Speaker));
  if (named && (bad !== undefined || named.length < 1 || named.length > 2)) {
    throw new CliError(`transcribe: --channels takes one or two of agent, customer, unknown, comma-separated, one per audio channel (got ${JSON.stringify(values.channels)})`);
  }

  const log = createLogger({ json: values['log-json'] === true });
  let recognizer: Recognizer;
  let audio: AudioSource;
  try {
    recognizer = resolveRecognizer(
      {
        ...(values.recognizer !== undefined ? { name: values.recognizer } : {}),
        google: { ...(values.model ? { model: values.model } : {}) },
        sherpaOnnx: { ...(values['model-dir'] ? { modelDir: values['model-dir'] } : {}) },
        log,
      },
      process.env,
    );
    audio = await openWavFile(file);
  } catch (err) {
    // Start-up failures (credentials, model files, options, the audio file) are the user's to fix: a message, exit 1, no stack.
    if (err instanceof GoogleSpeechError || err instanceof RecognizerError || err instanceof AudioError) throw new CliError(`transcribe: ${err.message}`);
    throw err;
  }
  const speakers = (named as Speaker[] | undefined) ?? (audio.format.channels === 2 ? ['agent', 'customer'] : ['unknown']);
  if (speakers.length !== audio.format.channels) {
    throw new CliError(`transcribe: ${file} has ${audio.format.channels} channel(s) but --channels names ${speakers.length}; name one speaker per channel`);
  }
  const callId = values['call-id'] ?? basename(file, extname(file));
  const sink = await openEventSink('transcribe', { ...(values.to !== undefined ? { to: values.to } : {}), ...(values.out !== undefined ? { out: values.out } : {}) });
  const counts = { partial: 0, final: 0, gap: 0, all: 0 };

  let subscription: Subscription | undefined;
  const outcome = await new Promise<{ error?: unknown; interrupted?: boolean }>((resolve) => {
    const interrupt = () => {
      subscription?.unsubscribe();
      resolve({ interrupted: true });
    };
    process.once('SIGINT', interrupt);
    subscription = recognizer.recognize(audio, { callId, language: values.language as string, speakers, speed, ...(values['agent-id'] ? { agentId: values['agent-id'] } : {}) }).subscribe({
      next: (event: CallEvent) => {
        counts.all++;
        if (event.type === 'utterance.partial') counts.partial++;
        else if (event.type === 'utterance.final') counts.final++;
        else if (event.type === 'stream.gap') counts.gap++;
        sink.write(event);
      },
      error: (error: unknown) => {
        process.off('SIGINT', interrupt);
        resolve({ error });
      },
      complete: () => {
        process.off('SIGINT', interrupt);
        resolve({});
      },
    });
  });
  const { rejected } = await sink.close();
  const summary = `${counts.all} events (${counts.final} finals, ${counts.partial} partials${counts.gap ? `, ${counts.gap} gaps` : ''}) to ${sink.description}`;
  if (outcome.interrupted) {
    process.stderr.write(`transcribe: interrupted; ${summary}\n`);
    return 130;
  }
  if (outcome.error instanceof GoogleSpeechError || outcome.error instanceof RecognizerError) {
    process.stderr.write(`callcoach transcribe: ${outcome.error.message}\n  (${summary} before the failure)\n`);
    return outcome.error.retryable ? EXIT_RETRYABLE : 1;
  }
  if (outcome.error) throw outcome.error;
  process.stderr.write(`transcribed ${file}: ${summary}\n`);
  return rejected > 0 ? 1 : 0;
}


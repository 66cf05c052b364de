import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RecognizerError } from '../recognition/recognizer-error.js';

/** A streaming transducer model the operator supplies (callcoach ships and downloads none), and how to run it. */
export interface SherpaOnnxConfig {
  readonly encoder: string;
  readonly decoder: string;
  readonly joiner: string;
  readonly tokens: string;
  /** Threads the runtime may use per recogniser; calls share one recogniser. */
  readonly numThreads: number;
  /** Audio per decode step. */
  readonly chunkMs: number;
  /** Trailing silence (s) that ends an utterance once something was recognised (sherpa-onnx endpoint rule 2). */
  readonly endpointSilenceS: number;
  /** Longest utterance (s) before it is cut (endpoint rule 3). */
  readonly maxUtteranceS: number;
}

/** What a caller may set; the model comes from `modelDir` (or the four files), everything else has a default. */
export type SherpaOnnxOverrides = Partial<SherpaOnnxConfig> & { readonly modelDir?: string };

/** Environment variable naming the model folder. */
export const SHERPA_MODEL_DIR_ENV = 'CALLCOACH_SHERPA_ONNX_MODEL_DIR';

export const SHERPA_ONNX_DEFAULTS = { numThreads: 1, chunkMs: 100, endpointSilenceS: 1.2, maxUtteranceS: 20 } as const;

const WHAT = 'a streaming transducer model: encoder*.onnx, decoder*.onnx, joiner*.onnx and tokens.txt (callcoach downloads no models; the operator supplies them)';

/**
 * Validates the sherpa-onnx options once, at start-up: the model files must be named (a folder through `modelDir` or
 * CALLCOACH_SHERPA_ONNX_MODEL_DIR, or each file) and exist. Fails with CALLCOACH_ADAPTER_RECOGNIZER_MODEL_MISSING
 * naming what is missing, so nothing is recognised with a half-configured model.
 */
export function resolveSherpaOnnxConfig(overrides: SherpaOnnxOverrides = {}, env: NodeJS.ProcessEnv = process.env): SherpaOnnxConfig {
  const dir = overrides.modelDir ?? env[SHERPA_MODEL_DIR_ENV];
  const explicit = { encoder: overrides.encoder, decoder: overrides.decoder, joiner: overrides.joiner, tokens: overrides.tokens };
  if (!dir && Object.values(explicit).every((v) => v === undefined)) {
    throw new RecognizerError('MODEL_MISSING', `the sherpa-onnx recogniser has no model configured: set ${SHERPA_MODEL_DIR_ENV} (or --model-dir) to a folder holding ${WHAT}`);
  }
  if (dir && !(existsSync(dir) && statSync(dir).isDirectory())) {
    throw new RecognizerError('MODEL_MISSING', `the sherpa-onnx model folder ${dir} does not exist (from ${overrides.modelDir ? '--model-dir' : SHERPA_MODEL_DIR_ENV})`);
  }
  const found = dir ? findModelFiles(dir) : {};
  const files = {
    encoder: explicit.encoder ?? found.encoder,
    decoder: explicit.decoder ?? found.decoder,
    joiner: explicit.joiner ?? found.joiner,
    tokens: explicit.tokens ?? found.tokens,
  };
  for (const [part, file] of Object.entries(files)) {
    if (!file) throw new RecognizerError('MODEL_MISSING', `the sherpa-onnx model in ${dir} has no ${part} file; it needs ${WHAT}`);
    if (!existsSync(file)) throw new RecognizerError('MODEL_MISSING', `the sherpa-onnx ${part} file ${file} does not exist`);
  }
  const config = { ...SHERPA_ONNX_DEFAULTS, ...withoutUndefined(overrides), ...files } as SherpaOnnxConfig & { modelDir?: string };
  if (!(Number.isInteger(config.numThreads) && config.numThreads >= 1 && config.numThreads <= 16)) throw new RecognizerError('CONFIG', 'sherpa-onnx numThreads must be a whole number from 1 to 16');
  if (!(config.chunkMs >= 20 && config.chunkMs <= 500)) throw new RecognizerError('CONFIG', 'sherpa-onnx chunkMs must be from 20 to 500');
  const { modelDir: _dir, ...resolved } = config;
  return { ...resolved, encoder: resolve(files.encoder as string), decoder: resolve(files.decoder as string), joiner: resolve(files.joiner as string), tokens: resolve(files.tokens as string) };
}

/** The model files in a folder as sherpa-onnx releases name them (encoder-epoch-99-avg-1.onnx, …); full precision before int8. */
function findModelFiles(dir: string): Partial<Record<'encoder' | 'decoder' | 'joiner' | 'tokens', string>> {
  const names = readdirSync(dir).sort((a, b) => Number(a.includes('int8')) - Number(b.includes('int8')) || a.localeCompare(b));
  const pick = (part: string) => names.find((n) => n.startsWith(part) && n.endsWith('.onnx'));
  const out: Partial<Record<'encoder' | 'decoder' | 'joiner' | 'tokens', string>> = {};
  for (const part of ['encoder', 'decoder', 'joiner'] as const) {
    const name = pick(part);
    if (name) out[part] = join(dir, name);
  }
  if (names.includes('tokens.txt')) out.tokens = join(dir, 'tokens.txt');
  return out;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

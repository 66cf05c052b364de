import { createRequire } from 'node:module';
import { RecognizerError } from '../recognition/recognizer-error.js';

/** The parts of sherpa-onnx-node's streaming API the recogniser uses (its OnlineRecognizer and OnlineStream). */
export interface SherpaOnlineStream {
  acceptWaveform(wave: { samples: Float32Array; sampleRate: number }): void;
  inputFinished(): void;
}

export interface SherpaOnlineRecognizer {
  createStream(): SherpaOnlineStream;
  isReady(stream: SherpaOnlineStream): boolean;
  decode(stream: SherpaOnlineStream): void;
  isEndpoint(stream: SherpaOnlineStream): boolean;
  reset(stream: SherpaOnlineStream): void;
  getResult(stream: SherpaOnlineStream): { text: string };
}

export interface SherpaRuntime {
  OnlineRecognizer: new (config: object) => SherpaOnlineRecognizer;
}

/** The npm package that carries the runtime (its native library comes in sherpa-onnx-linux-x64 and siblings, no download). */
export const SHERPA_PACKAGE = 'sherpa-onnx-node';

/**
 * Loads sherpa-onnx-node on first use. It is not a dependency of callcoach (its native libraries are large and only
 * on-prem recognition needs them): without it the recogniser fails with CALLCOACH_ADAPTER_RECOGNIZER_RUNTIME_MISSING
 * saying what to install.
 */
export function loadSherpaRuntime(specifier: string = SHERPA_PACKAGE): SherpaRuntime {
  const require = createRequire(import.meta.url);
  try {
    return require(specifier) as SherpaRuntime;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new RecognizerError('RUNTIME_MISSING', `the sherpa-onnx recogniser needs the ${specifier} package: run \`npm install ${specifier}\` next to callcoach (it brings its native library for this platform; nothing is downloaded at run time)`);
    }
    throw new RecognizerError('RUNTIME_MISSING', `${specifier} is installed but did not load (${(err as Error).name}); reinstall it for this platform`);
  }
}

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GoogleSpeechError } from './google-speech-error.js';

/** Where the client library will get its credentials from; decided once, at start-up. */
export type GoogleCredentialSource =
  /** A service-account (or external-account) key file. */
  | { readonly kind: 'key-file'; readonly path: string; readonly from: 'GOOGLE_APPLICATION_CREDENTIALS' | 'keyFile' }
  /** The file `gcloud auth application-default login` writes. */
  | { readonly kind: 'gcloud-adc'; readonly path: string }
  /** The metadata server of a Google Cloud runtime (opted into explicitly, so nothing probes it elsewhere). */
  | { readonly kind: 'metadata-server' }
  /** A plaintext endpoint (a local emulator or test server): no credentials are sent. */
  | { readonly kind: 'none' };

/** Environment variable that opts into credentials from the metadata server of a Google Cloud runtime. */
export const CREDENTIALS_ENV = 'CALLCOACH_GOOGLE_SPEECH_CREDENTIALS';

/**
 * Finds Google credentials the way Application Default Credentials does (an explicit key file, then
 * GOOGLE_APPLICATION_CREDENTIALS, then gcloud's ADC file), except that the metadata server is used only when asked
 * for: probing it off Google Cloud hangs for seconds and sends traffic off the machine. Fails with a sentence that
 * names what to set.
 */
export function resolveGoogleCredentials(
  options: { readonly keyFile?: string; readonly plaintext: boolean },
  env: NodeJS.ProcessEnv,
  fileExists: (path: string) => boolean = existsSync,
): GoogleCredentialSource {
  if (options.plaintext) return { kind: 'none' };
  if (options.keyFile !== undefined) {
    if (!fileExists(options.keyFile)) throw missing(`the key file ${options.keyFile} given in the keyFile option does not exist`);
    return { kind: 'key-file', path: options.keyFile, from: 'keyFile' };
  }
  const fromEnv = env.GOOGLE_APPLICATION_CREDENTIALS;
  if (fromEnv) {
    if (!fileExists(fromEnv)) throw missing(`GOOGLE_APPLICATION_CREDENTIALS points to ${fromEnv}, which does not exist`);
    return { kind: 'key-file', path: fromEnv, from: 'GOOGLE_APPLICATION_CREDENTIALS' };
  }
  const adc = gcloudAdcPath(env);
  if (adc && fileExists(adc)) return { kind: 'gcloud-adc', path: adc };
  if (env[CREDENTIALS_ENV] === 'metadata') return { kind: 'metadata-server' };
  throw missing(
    'no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, ' +
      `or run \`gcloud auth application-default login\`, or on a Google Cloud runtime set ${CREDENTIALS_ENV}=metadata`,
  );
}

/** gcloud's application-default credentials file for this user, where gcloud would write it. */
function gcloudAdcPath(env: NodeJS.ProcessEnv): string | undefined {
  const file = 'application_default_credentials.json';
  if (env.CLOUDSDK_CONFIG) return join(env.CLOUDSDK_CONFIG, file);
  if (process.platform === 'win32') return env.APPDATA ? join(env.APPDATA, 'gcloud', file) : undefined;
  const home = env.HOME ?? homedir();
  return home ? join(home, '.config', 'gcloud', file) : undefined;
}

function missing(sentence: string): GoogleSpeechError {
  return new GoogleSpeechError('CREDENTIALS_MISSING', sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.');
}

import { audiohookConnector } from '../genesys-audiohook/audiohook-connector.js';
import { GoogleSpeechError } from '../google-speech/google-speech-error.js';
import type { Logger } from '../log/logger.js';
import { RecognizerError } from '../recognition/recognizer-error.js';
import { resolveRecognizer } from '../recognition/resolve-recognizer.js';
import type { AudioConnector } from '../server/audio-connector.js';
import { twilioConnector } from '../twilio/twilio-connector.js';
import { CliError } from './cli-error.js';

/** The telephony connectors `serve` can mount, by the name --connectors takes. */
export const CONNECTOR_NAMES = ['twilio', 'genesys'] as const;

/** serve's connector flags: which telephony sockets to mount and which recogniser they stream to. */
export const CONNECTOR_OPTIONS = {
  connectors: { type: 'string' },
  recognizer: { type: 'string' },
  'model-dir': { type: 'string' },
  'connector-language': { type: 'string' },
  'inbound-speaker': { type: 'string' },
} as const;

export type ConnectorValues = { connectors?: string; recognizer?: string; 'model-dir'?: string; 'connector-language'?: string; 'inbound-speaker'?: string };

/**
 * `--connectors twilio,genesys` to mounted connectors, all streaming to one recogniser (`--recognizer`, else
 * CALLCOACH_RECOGNIZER, else google), whose configuration is checked now: a server with connectors but no usable
 * recogniser does not start. No --connectors (or CALLCOACH_CONNECTORS): none, and no recogniser is needed.
 */
export function resolveConnectors(command: string, values: ConnectorValues, log: Logger, env: NodeJS.ProcessEnv = process.env): AudioConnector[] {
  const list = values.connectors ?? env.CALLCOACH_CONNECTORS;
  if (!list) return [];
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(CONNECTOR_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new CliError(`${command}: --connectors: unknown connector ${unknown.join(', ')} (known: ${CONNECTOR_NAMES.join(', ')})`);
  const inbound = values['inbound-speaker'];
  if (inbound !== undefined && inbound !== 'customer' && inbound !== 'agent') throw new CliError(`${command}: --inbound-speaker must be customer or agent`);
  let recognizer;
  try {
    recognizer = resolveRecognizer({ ...(values.recognizer !== undefined ? { name: values.recognizer } : {}), ...(values['model-dir'] ? { sherpaOnnx: { modelDir: values['model-dir'] } } : {}), log }, env);
  } catch (err) {
    if (err instanceof RecognizerError || err instanceof GoogleSpeechError) throw new CliError(`${command}: the connectors need a recogniser: ${err.message}`);
    throw err;
  }
  const language = values['connector-language'];
  return names.map((name) => {
    switch (name as (typeof CONNECTOR_NAMES)[number]) {
      case 'twilio':
        return twilioConnector({ recognizer, ...(language ? { defaultLanguage: language } : {}), ...(inbound ? { inboundSpeaker: inbound } : {}) });
      case 'genesys':
        return audiohookConnector({ recognizer, ...(language ? { defaultLanguage: language } : {}) });
    }
  });
}

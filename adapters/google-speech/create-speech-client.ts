import type { Duplex } from 'node:stream';
import type { GoogleSpeechConfig } from './google-speech-config.js';

/**
 * One StreamingRecognize gRPC call: write StreamingRecognizeRequest objects (the config, then audio), read
 * StreamingRecognizeResponse objects; `cancel()` ends it with CANCELLED; 'status' is always its last event.
 */
export type SpeechCall = Duplex & { cancel(): void };

/** What the adapter needs from a Speech client: bidirectional calls, and closing its channel. */
export interface SpeechStreamClient {
  open(): SpeechCall;
  close(): Promise<void>;
}

/**
 * A deadline for every call: Google itself ends a stream after about 305 s of wall time, so a call still open after
 * six minutes is hung (say, a half-close that is never answered) and DEADLINE_EXCEEDED sends it to the retry path.
 */
const CALL_DEADLINE_MS = 360_000;

/**
 * The real `@google-cloud/speech` v1 client over gRPC, set up from a validated config. Loaded on demand so other
 * commands do not pay for the client library. `universeDomain` is always given: without it the auth library asks the
 * cloud metadata server which universe it is in, which off Google Cloud means traffic to an unreachable address.
 *
 * The library's `streamingRecognize()` helper wraps the call in pumpify and hides its final gRPC status; the
 * generated method underneath (`_streamingRecognize`) is used instead, so the adapter can cancel a call and know
 * when it is really over.
 */
export async function createSpeechClient(config: GoogleSpeechConfig): Promise<SpeechStreamClient> {
  const [{ default: speech }, grpc] = await Promise.all([import('@google-cloud/speech'), import('@grpc/grpc-js')]);
  const { endpoint, credentials } = config;
  const client = new speech.v1.SpeechClient({
    universeDomain: 'googleapis.com',
    ...(endpoint ? { apiEndpoint: endpoint.host, port: endpoint.port } : {}),
    ...(endpoint && !endpoint.tls ? { sslCreds: grpc.credentials.createInsecure() } : {}),
    ...(credentials.kind === 'key-file' || credentials.kind === 'gcloud-adc' ? { keyFilename: credentials.path } : {}),
  });
  return {
    open: () => client._streamingRecognize({ timeout: CALL_DEADLINE_MS }) as unknown as SpeechCall,
    close: () => client.close(),
  };
}

import { z } from 'zod';

/** Twilio sends numbers as strings ("sequenceNumber": "2"); they must still be whole numbers. */
const numeric = z.string().regex(/^\d+$/, 'must be a whole number in a string');

const connected = z.object({ event: z.literal('connected'), protocol: z.string(), version: z.string() });

const start = z.object({
  event: z.literal('start'),
  sequenceNumber: numeric,
  streamSid: z.string().min(1),
  start: z.object({
    streamSid: z.string().min(1),
    accountSid: z.string(),
    callSid: z.string().min(1),
    tracks: z.array(z.string()).min(1).max(2),
    customParameters: z.record(z.string(), z.string()).default({}),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }),
  }),
});

const media = z.object({
  event: z.literal('media'),
  sequenceNumber: numeric,
  streamSid: z.string(),
  media: z.object({ track: z.string(), chunk: numeric, timestamp: numeric, payload: z.string() }),
});

const stop = z.object({ event: z.literal('stop'), sequenceNumber: numeric, streamSid: z.string(), stop: z.object({ accountSid: z.string(), callSid: z.string() }).partial().optional() });

/** Twilio echoes a mark when audio the server sent before it has played (bidirectional streams only). */
const mark = z.object({ event: z.literal('mark'), sequenceNumber: numeric, streamSid: z.string(), mark: z.object({ name: z.string() }) });

const dtmf = z.object({ event: z.literal('dtmf'), sequenceNumber: numeric, streamSid: z.string(), dtmf: z.object({ track: z.string(), digit: z.string() }) });

/** The messages Twilio sends on a Media Streams WebSocket (https://www.twilio.com/docs/voice/media-streams/websocket-messages). */
export const twilioMessageSchema = z.discriminatedUnion('event', [connected, start, media, stop, mark, dtmf]);

export type TwilioMessage = z.infer<typeof twilioMessageSchema>;
export type TwilioStart = z.infer<typeof start>;
export type TwilioMedia = z.infer<typeof media>;

/** A message parsed, or what is wrong with it (the field path, never the payload or parameter values). */
export function parseTwilioMessage(text: string): { ok: true; message: TwilioMessage } | { ok: false; problem: string; field?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = twilioMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'event';
  return { ok: false, problem: `${field}: ${issue?.message ?? 'not a Media Streams message'}`, field };
}

import { z } from 'zod';

/** ISO 8601 durations in seconds, as AudioHook writes positions: "PT0S", "PT12.34S". */
const duration = z.string().regex(/^PT\d+(\.\d+)?S$/, 'must be an ISO 8601 duration in seconds such as PT1.5S');
const seq = z.number().int().nonnegative();

/** Every message Genesys Cloud (the client) sends carries these. */
export const clientMessageBase = z.object({
  version: z.literal('2'),
  id: z.string().min(1),
  type: z.string().min(1),
  seq: seq.min(1),
  serverseq: seq,
  position: duration,
  parameters: z.record(z.string(), z.unknown()),
});

/** One media format as offered in open and chosen in opened. */
export const mediaParameter = z.object({
  type: z.string(),
  format: z.string(),
  channels: z.array(z.string()),
  rate: z.number(),
});

const parametersByType = {
  open: z.object({
    organizationId: z.string(),
    conversationId: z.string().min(1),
    participant: z.object({ id: z.string().optional(), ani: z.string().optional(), aniName: z.string().optional(), dnis: z.string().optional() }).optional(),
    media: z.array(mediaParameter),
    language: z.string().optional(),
    customConfig: z.record(z.string(), z.unknown()).optional(),
  }),
  close: z.object({ reason: z.string() }),
  ping: z.object({ rtt: duration.optional() }),
  paused: z.object({}),
  resumed: z.object({ start: duration, discarded: duration }),
  discarded: z.object({ start: duration, discarded: duration }),
  update: z.object({ language: z.string() }),
  error: z.object({ code: z.number().int(), message: z.string(), retryAfter: duration.optional() }),
} as const;

export type ClientMessageType = keyof typeof parametersByType;
export type MediaParameter = z.infer<typeof mediaParameter>;
export type OpenParameters = z.infer<(typeof parametersByType)['open']>;

/** A client message whose base and parameters both check out. */
export type ClientMessage = { [T in ClientMessageType]: z.infer<typeof clientMessageBase> & { type: T; parameters: z.infer<(typeof parametersByType)[T]> } }[ClientMessageType];

/** Parses a text message: the base fields, then the parameters of its type; the problem names the field. */
export function parseClientMessage(text: string): { ok: true; message: ClientMessage } | { ok: false; problem: string; base?: z.infer<typeof clientMessageBase>; unknownType?: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the text message is not JSON' };
  }
  const base = clientMessageBase.safeParse(json);
  if (!base.success) {
    const issue = base.error.issues[0];
    return { ok: false, problem: `not an AudioHook v2 client message: ${issue?.path.join('.') || 'message'} ${issue?.message ?? ''}`.trim() };
  }
  const schema = parametersByType[base.data.type as ClientMessageType];
  if (!schema) return { ok: false, problem: `"${base.data.type.slice(0, 40)}" is not a client message type this server knows`, base: base.data, unknownType: true };
  const parameters = schema.safeParse(base.data.parameters);
  if (!parameters.success) {
    const issue = parameters.error.issues[0];
    return { ok: false, problem: `${base.data.type} parameters.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, base: base.data };
  }
  return { ok: true, message: { ...base.data, parameters: parameters.data } as ClientMessage };
}

/** Seconds of an ISO 8601 duration ("PT1.5S" → 1.5). */
export function durationSeconds(value: string): number {
  return Number(value.slice(2, -1));
}

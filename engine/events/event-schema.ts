import { z } from 'zod';

/** Largest accepted event, in UTF-8 bytes; a bigger message is rejected before it is parsed. */
export const MAX_EVENT_BYTES = 64 * 1024;

const callTimeMs = z.number().int('must be an integer number of milliseconds').nonnegative('must not be negative');
const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const base = {
  callId: id,
  tMs: callTimeMs,
  eventId: id.optional(),
  seq: z.number().int().nonnegative().optional(),
};

const speaker = z.enum(['agent', 'customer', 'unknown']);

const wordTiming = z.object({
  w: z.string(),
  startMs: callTimeMs,
  endMs: callTimeMs,
  confidence: z.number().min(0).max(1).optional(),
});

const utteranceFields = {
  ...base,
  utteranceId: id,
  speaker,
  text: z.string().max(20_000, 'must be at most 20000 characters'),
  startMs: callTimeMs,
  endMs: callTimeMs,
  confidence: z.number().min(0).max(1).optional(),
  words: z.array(wordTiming).max(5_000).optional(),
};

const utteranceRefine = (u: { startMs: number; endMs: number }) => u.endMs >= u.startMs;
const utteranceRefineMessage = { message: 'endMs must not be before startMs', path: ['endMs'] };

/** The protocol v1 schema: one entry per event type. */
export const callEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('call.started'),
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 tag such as zh-CN or en-US'),
    agentId: id.optional(),
    teamId: id.optional(),
  }),
  z.object({ ...utteranceFields, type: z.literal('utterance.partial') }).refine(utteranceRefine, utteranceRefineMessage),
  z.object({ ...utteranceFields, type: z.literal('utterance.final') }).refine(utteranceRefine, utteranceRefineMessage),
  z.object({ ...base, type: z.literal('hold.started') }),
  z.object({ ...base, type: z.literal('hold.ended') }),
  z.object({ ...base, type: z.literal('call.ended'), endedBy: z.enum(['agent', 'customer', 'system', 'unknown']) }),
  z
    .object({ ...base, type: z.literal('stream.gap'), fromMs: callTimeMs, toMs: callTimeMs, cause: z.string().max(200).optional() })
    .refine((g) => g.toMs >= g.fromMs, { message: 'toMs must not be before fromMs', path: ['toMs'] }),
]);

/** A google.protobuf.Duration as the client library decodes it: seconds may arrive as a string, number or Long. */
export interface ProtoDuration {
  readonly seconds?: string | number | { toNumber(): number } | null;
  readonly nanos?: number | null;
}

/** A protobuf Duration in ms (fractional); undefined when absent. */
export function durationMs(duration: ProtoDuration | null | undefined): number | undefined {
  if (!duration) return undefined;
  const { seconds, nanos } = duration;
  const whole = seconds === null || seconds === undefined ? 0 : typeof seconds === 'object' ? seconds.toNumber() : Number(seconds);
  return whole * 1000 + (nanos ?? 0) / 1e6;
}

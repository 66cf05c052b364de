/** The Twilio connector's catalogue: why a Media Streams socket was closed or a message was refused. */
export const TWILIO_ERROR_CODES = {
  /** Not JSON, or not a Media Streams message (the `field` says what is wrong). */
  MALFORMED: 'CALLCOACH_ADAPTER_TWILIO_MALFORMED',
  /** A media message before the start message, or a second start. */
  ORDER: 'CALLCOACH_ADAPTER_TWILIO_ORDER',
  /** sequenceNumber skipped or went back: messages were lost or reordered on the way. */
  SEQUENCE: 'CALLCOACH_ADAPTER_TWILIO_SEQUENCE',
  /** No ingest token at the upgrade or in the start message's customParameters, or a token that does not verify. */
  SIGN_IN: 'CALLCOACH_ADAPTER_TWILIO_SIGN_IN',
  /** The start message announces audio other than 8 kHz mono μ-law, or tracks other than inbound/outbound. */
  FORMAT: 'CALLCOACH_ADAPTER_TWILIO_FORMAT',
  /** Neither customParameters.language nor the connector's default language names the call's language. */
  NO_LANGUAGE: 'CALLCOACH_ADAPTER_TWILIO_NO_LANGUAGE',
  /** The recogniser fell too far behind the live audio, or failed. */
  RECOGNIZER: 'CALLCOACH_ADAPTER_TWILIO_RECOGNIZER',
} as const;

export type TwilioErrorCode = (typeof TWILIO_ERROR_CODES)[keyof typeof TWILIO_ERROR_CODES];

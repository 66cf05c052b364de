/** Stable codes of the QA workspace's refusals. */
export const QA_ERROR_CODES = {
  NOT_FOUND: 'CALLCOACH_QA_NOT_FOUND',
  INVALID: 'CALLCOACH_QA_INVALID',
  FORBIDDEN: 'CALLCOACH_QA_FORBIDDEN',
  CONFLICT: 'CALLCOACH_QA_CONFLICT',
  NO_SCORECARD: 'CALLCOACH_QA_NO_SCORECARD',
} as const;

const STATUS: Record<(typeof QA_ERROR_CODES)[keyof typeof QA_ERROR_CODES], number> = {
  CALLCOACH_QA_NOT_FOUND: 404,
  CALLCOACH_QA_INVALID: 400,
  CALLCOACH_QA_FORBIDDEN: 403,
  CALLCOACH_QA_CONFLICT: 409,
  CALLCOACH_QA_NO_SCORECARD: 409,
};

/** A request the QA workspace refuses, with the HTTP status it maps to and a sentence the user can act on. */
export class QaError extends Error {
  readonly status: number;
  constructor(
    readonly code: (typeof QA_ERROR_CODES)[keyof typeof QA_ERROR_CODES],
    message: string,
  ) {
    super(message);
    this.name = 'QaError';
    this.status = STATUS[code];
  }
}

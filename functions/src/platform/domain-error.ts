import type { ErrorCode } from '@linli/shared/errors';

/** One field that failed validation, by its dotted path. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * A refusal the client may see: a stable code and a developer-facing message. Domain code knows
 * codes, not HTTP: the HTTP layer maps each code to its status in one place (http/errors.ts).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

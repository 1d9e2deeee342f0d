import { titleOf, type NormalizedError } from '@app/core';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, plus the stable `code` and the request id. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId: string;
  errors?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

/** The REST rendering of a normalized error. */
export function toProblemDetails(
  error: NormalizedError,
  requestId: string,
  instance?: string,
): ProblemDetails {
  return {
    type: `urn:problem-type:${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: titleOf(error.code),
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    requestId,
    ...(error.fieldErrors.length > 0 ? { errors: error.fieldErrors } : {}),
    ...(error.details ? { details: error.details } : {}),
  };
}

import { DomainError, ErrorCode, httpStatusOf, normalizeError } from '@app/core';
import type { GraphQLError } from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';

type Execution = Parameters<typeof mercurius.defaultErrorFormatter>[0];
type MercuriusError = Error & { code?: string; errors?: unknown[] };

/** Code for errors raised before any resolver ran (parse, validation, depth limit). */
function requestErrorCode(error: unknown): ErrorCode {
  return (error as MercuriusError).code === 'MER_ERR_GQL_QUERY_DEPTH'
    ? ErrorCode.QUERY_TOO_COMPLEX
    : ErrorCode.BAD_REQUEST;
}

/**
 * The codes of the errors in the order Mercurius' default formatter lists
 * them (it flattens a request error's inner `errors`).
 */
function codesOf(errors: readonly GraphQLError[]): string[] {
  return errors.flatMap((error) => {
    const original = error.originalError as MercuriusError | undefined;
    if (Array.isArray(original?.errors)) return original.errors.map(requestErrorCode);
    const existing = error.extensions?.code;
    if (typeof existing === 'string') return [existing];
    // Errors from outside the schema (rate limit, body too large) keep their HTTP meaning.
    return [original ? normalizeError(original).code : ErrorCode.BAD_REQUEST];
  });
}

/**
 * Mercurius' own formatting (status codes, flattening), with `extensions.code`
 * and the request id on every error, so GraphQL clients get the codes REST
 * clients get. Resolver errors already carry their code (AllExceptionsFilter).
 */
export function formatGraphqlErrors(execution: Execution, context: MercuriusContext) {
  const codes = codesOf((execution.errors ?? []) as GraphQLError[]);
  const formatted = mercurius.defaultErrorFormatter(execution, context);
  const requestId = String(context.reply?.request.id ?? 'unknown');
  const response = formatted.response as { errors?: Record<string, unknown>[] };
  response.errors = response.errors?.map((e, i) => {
    const code = codes[i] ?? ErrorCode.INTERNAL;
    const extensions = { ...((e.extensions as object) ?? {}), code, requestId };
    return {
      ...e,
      message: code === ErrorCode.INTERNAL && !e.extensions ? 'Internal server error' : e.message,
      extensions,
    };
  });
  // A request refused before execution (unreadable or too deeply nested body) keeps its 4xx.
  const only = execution.errors?.length === 1 ? execution.errors[0] : undefined;
  if (!execution.data && only?.originalError instanceof DomainError && !only.path)
    formatted.statusCode = httpStatusOf(only.originalError.code);
  return formatted;
}

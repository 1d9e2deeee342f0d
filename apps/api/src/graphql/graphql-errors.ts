import { ErrorCode } from '@app/core';
import type { GraphQLError } from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';

type Execution = Parameters<typeof mercurius.defaultErrorFormatter>[0];

/** Errors raised outside resolvers (syntax, validation, depth) get a code too. */
function codeOf(error: GraphQLError): string {
  const existing = error.extensions?.code;
  if (typeof existing === 'string') return existing;
  const original = error.originalError as { code?: string } | undefined;
  if (original?.code === 'MER_ERR_GQL_QUERY_DEPTH') return ErrorCode.QUERY_TOO_COMPLEX;
  if (!original) return ErrorCode.BAD_REQUEST;
  return ErrorCode.INTERNAL;
}

/**
 * Mercurius' own formatting, with `extensions.code` on every error and the
 * request id, so GraphQL clients get the same codes as REST clients.
 */
export function formatGraphqlErrors(execution: Execution, context: MercuriusContext) {
  const formatted = mercurius.defaultErrorFormatter(execution, context);
  const requestId = String(context.reply?.request.id ?? 'unknown');
  const errors = (execution.errors ?? []) as GraphQLError[];
  const response = formatted.response as { errors?: Record<string, unknown>[] };
  response.errors = response.errors?.map((e, i) => {
    const source = errors[i];
    const code = source ? codeOf(source) : ErrorCode.INTERNAL;
    const extensions = { ...((e.extensions as object) ?? {}), code, requestId };
    return { ...e, message: code === ErrorCode.INTERNAL ? 'Internal server error' : e.message, extensions };
  });
  return formatted;
}

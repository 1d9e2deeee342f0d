import { DomainError, ErrorCode } from '@app/core';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import {
  fieldExtensionsEstimator,
  getComplexity,
  type ComplexityEstimator,
} from 'graphql-query-complexity';

/** Variable sets remembered per document; a document used with many starts over. */
const MAX_VARIABLE_SETS = 256;

/** A field costs 1 plus its children, times the page size it asks for (`first`/`limit`). */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const pageSize = Number(args.first ?? args.limit ?? 1);
  return 1 + childComplexity * (Number.isFinite(pageSize) && pageSize > 0 ? pageSize : 1);
};

/**
 * A Mercurius preExecution hook refusing an operation whose estimated cost
 * exceeds `maximum` before any resolver runs (pages of pages of pages), with
 * QUERY_TOO_COMPLEX. It runs after validation, with the variables known, so
 * Mercurius' parse/validation cache stays on.
 */
export function complexityLimit(maximum: number) {
  // Mercurius hands the same DocumentNode for the same query text (its parse cache), so the
  // cost of a document with given variables is worked out once.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    _context: unknown,
    variables: Record<string, unknown> | undefined,
  ): void => {
    let byVariables = costs.get(document);
    if (!byVariables) costs.set(document, (byVariables = new Map()));
    const key = JSON.stringify(variables ?? {});
    let cost = byVariables.get(key);
    if (cost === undefined) {
      cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        estimators: [fieldExtensionsEstimator(), pagedEstimator],
      });
      if (byVariables.size >= MAX_VARIABLE_SETS) byVariables.clear();
      byVariables.set(key, cost);
    }
    if (cost > maximum)
      throw new DomainError(
        ErrorCode.QUERY_TOO_COMPLEX,
        `The query is too complex: cost ${cost}, at most ${maximum} allowed`,
      );
  };
}

import { DomainError, ErrorCode } from '@app/core';
import {
  isInterfaceType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import {
  fieldExtensionsEstimator,
  getComplexity,
  type ComplexityEstimator,
} from 'graphql-query-complexity';

/** Variable sets remembered per document; a document used with many starts over. */
const MAX_VARIABLE_SETS = 256;

/**
 * Each repeat, under another alias in one selection set, of a field that takes arguments
 * (a search, a lookup, a page) is one more database query however little it selects:
 * it costs this much on top, as much as a page of 100 rows.
 */
export const ALIAS_REPEAT_COST = 100;

/** What aliased repeats of argument-taking fields add to an operation's cost. */
export function aliasRepeatCost(schema: GraphQLSchema, document: DocumentNode): number {
  const typeInfo = new TypeInfo(schema);
  let cost = 0;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node) {
        // TypeInfo has entered this selection set: the parent type is the one it selects from.
        const type = typeInfo.getParentType();
        if (!type || !(isObjectType(type) || isInterfaceType(type))) return;
        const seen = new Map<string, number>();
        for (const selection of node.selections) {
          if (selection.kind !== Kind.FIELD) continue;
          const field = type.getFields()[selection.name.value];
          if (!field || field.args.length === 0) continue;
          const times = (seen.get(field.name) ?? 0) + 1;
          seen.set(field.name, times);
          if (times > 1) cost += ALIAS_REPEAT_COST;
        }
      },
    }),
  );
  return cost;
}

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
      cost =
        getComplexity({
          schema,
          query: document,
          variables: variables ?? {},
          estimators: [fieldExtensionsEstimator(), pagedEstimator],
        }) + aliasRepeatCost(schema, document);
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

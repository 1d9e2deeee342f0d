import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * True when the operation asks, under the field being resolved, for the field
 * at `path` (e.g. `['edges', 'node', 'host']`), through fragments too.
 * Directives are not evaluated: a skipped field still counts.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (set: SelectionSetNode | undefined, depth: number): boolean =>
    !!set &&
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD)
        return (
          selection.name.value === path[depth] &&
          (depth === path.length - 1 || within(selection.selectionSet, depth + 1))
        );
      if (selection.kind === Kind.INLINE_FRAGMENT) return within(selection.selectionSet, depth);
      const fragment = info.fragments[selection.name.value];
      return !!fragment && within(fragment.selectionSet, depth);
    });
  return info.fieldNodes.some((node) => within(node.selectionSet, 0));
}

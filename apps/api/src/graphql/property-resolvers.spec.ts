import { describe, expect, it } from '@jest/globals';
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { removePropertyResolvers } from './property-resolvers';

/** Resolvers shaped like the ones Nest's code-first schema builds (same function name). */
function nestProperty(property: string, defaultValue?: string) {
  const rootFieldResolver = (root: Record<string, unknown>) => {
    const value = root[property];
    return value === undefined ? defaultValue : value;
  };
  return rootFieldResolver;
}

function schema() {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        plain: { type: GraphQLString, resolve: nestProperty('plain') },
        withDefault: { type: GraphQLString, resolve: nestProperty('withDefault', 'fallback') },
        renamed: { type: GraphQLString, resolve: nestProperty('otherName') },
        computed: { type: GraphQLString, resolve: () => 'computed' },
      },
    }),
  });
}

describe('removePropertyResolvers', () => {
  it('removes only the resolvers that read the property of the same name, with no default', () => {
    const fields = removePropertyResolvers(schema()).getQueryType()!.getFields();
    expect(fields.plain.resolve).toBeUndefined();
    expect(fields.withDefault.resolve).toBeDefined();
    expect(fields.renamed.resolve).toBeDefined();
    expect(fields.computed.resolve).toBeDefined();
  });

  it('answers the same values', async () => {
    const source = '{ plain withDefault renamed computed }';
    const rootValue = { plain: 'p', otherName: 'o' };
    const before = await graphql({ schema: schema(), source, rootValue });
    const after = await graphql({ schema: removePropertyResolvers(schema()), source, rootValue });
    expect(after).toEqual(before);
    expect(after.data).toEqual({
      plain: 'p',
      withDefault: 'fallback',
      renamed: 'o',
      computed: 'computed',
    });
  });
});

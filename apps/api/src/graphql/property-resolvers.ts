import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** The name of the resolver Nest's code-first schema gives every plain `@Field`. */
const NEST_PROPERTY_RESOLVER = 'rootFieldResolver';

/**
 * True when `resolve` only reads its parent's property of the field's name and
 * has no default value: exactly what GraphQL does for a field without a resolver.
 */
function isPlainPropertyRead(resolve: GraphQLFieldResolver<unknown, unknown>, name: string) {
  if (resolve.name !== NEST_PROPERTY_RESOLVER) return false;
  const read: PropertyKey[] = [];
  const parent = new Proxy({}, { get: (_, key) => (read.push(key), undefined) });
  const value: unknown = resolve(parent, {}, undefined, undefined as never);
  return value === undefined && read.length === 1 && read[0] === name;
}

/**
 * Nest's code-first schema gives every plain field a resolver that reads the
 * parent's property. graphql-jit (Mercurius' `jit`) compiles a field without a
 * resolver into a property read, but calls a field with one, building its
 * resolve info each time: a page of 50 listings with photos made hundreds of
 * such calls per request. The resolvers that do nothing more (no middleware,
 * no default value, same property name) are removed; the values are the same.
 */
export function removePropertyResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && isPlainPropertyRead(field.resolve, field.name))
        field.resolve = undefined;
    }
  }
  return schema;
}

import { describe, expect, it } from '@jest/globals';
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selects } from './selection';

const schema = buildSchema(`
  type User { id: ID }
  type Listing { id: ID host: User }
  type Edge { node: Listing }
  type Page { edges: [Edge] }
  type Query { listings: Page }
`);

async function asksForHost(source: string): Promise<boolean> {
  let found: boolean | undefined;
  const result = await graphql({
    schema,
    source,
    rootValue: {
      listings: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        found = selects(info, ['edges', 'node', 'host']);
        return { edges: [] };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return found!;
}

describe('selects', () => {
  it('finds a field along a path, through inline and named fragments', async () => {
    expect(await asksForHost('{ listings { edges { node { id host { id } } } } }')).toBe(true);
    expect(await asksForHost('{ listings { edges { node { id } } } }')).toBe(false);
    expect(
      await asksForHost('{ listings { edges { ... on Edge { node { host { id } } } } } }'),
    ).toBe(true);
    expect(
      await asksForHost(
        'query { listings { ...Page } } fragment Page on Page { edges { node { host { id } } } }',
      ),
    ).toBe(true);
  });
});

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sendPage } from './html';
import { UI_ASSETS_ROUTE } from './ui-assets';

export const GRAPHIQL_ROUTE = '/graphiql';
const ASSETS = `${GRAPHIQL_ROUTE}/assets`;

/**
 * Resolves installed packages: with `require` when compiled to CommonJS, from
 * the working directory under Jest's ESM mode (which has no `require`).
 */
const resolvePackage = (name: string): string => {
  const load =
    typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'));
  return dirname(load.resolve(`${name}/package.json`));
};

/**
 * GraphiQL 3's UMD bundle with React 18's, straight from node_modules (no
 * CDN, no bundler): only the files the page loads are reachable.
 */
const PACKAGE_FILES = [
  { name: 'graphiql', files: ['graphiql.min.js', 'graphiql.min.css'] },
  { name: 'react', files: ['umd/react.production.min.js'] },
  { name: 'react-dom', files: ['umd/react-dom.production.min.js'] },
] as const;

const graphiqlAssets: FastifyPluginAsync = async (fastify) => {
  for (const { name, files } of PACKAGE_FILES) {
    const allowed = new Set(files.map((file) => `/${file}`));
    await fastify.register(fastifyStatic, {
      root: resolvePackage(name),
      prefix: `${ASSETS}/${name}/`,
      // Swagger UI already decorates the reply with sendFile.
      decorateReply: false,
      index: false,
      maxAge: '1h',
      allowedPath: (pathName) => allowed.has(pathName),
    });
  }
};

/** GraphiQL at /graphiql, pointed at /graphql, with the headers editor open for a bearer token. */
export async function installGraphiql(fastify: FastifyInstance): Promise<void> {
  await fastify.register(graphiqlAssets);
  fastify.get(GRAPHIQL_ROUTE, (_request, reply) =>
    sendPage(reply, {
      title: 'GraphiQL',
      stylesheets: [`${ASSETS}/graphiql/graphiql.min.css`],
      scripts: [
        `${ASSETS}/react/umd/react.production.min.js`,
        `${ASSETS}/react-dom/umd/react-dom.production.min.js`,
        `${ASSETS}/graphiql/graphiql.min.js`,
        `${UI_ASSETS_ROUTE}/graphiql-start.js`,
      ],
      body: '<div id="graphiql" class="graphiql-page">Loading GraphiQL…</div>',
    }),
  );
}

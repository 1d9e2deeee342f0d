import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { AppConfig } from '@app/core';
import { formatGraphqlErrors } from './graphql-errors';
import { NO_INTROSPECTION, withoutSuggestions } from './graphql-hardening';
import { removePropertyResolvers } from './property-resolvers';
import { complexityLimit } from './query-complexity';
import { ServerInfoResolver } from './server-info.resolver';

/** Code-first GraphQL on Mercurius at /graphql (GraphiQL at /graphiql: see ui/graphiql.ts). */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        // GraphiQL is served from the package by ui/graphiql.ts: Mercurius's loads it from a CDN.
        graphiql: false,
        queryDepth: config.env.GRAPHQL_MAX_DEPTH,
        // An operation seen before runs as code compiled by graphql-jit, not through the interpreter.
        jit: 1,
        transformSchema: removePropertyResolvers,
        hooks: { preExecution: complexityLimit(config.env.GRAPHQL_MAX_COMPLEXITY) },
        // Introspection and "Did you mean" hints map the schema for a stranger: off in production.
        ...(config.graphqlIntrospection
          ? { errorFormatter: formatGraphqlErrors }
          : {
              errorFormatter: withoutSuggestions(formatGraphqlErrors),
              validationRules: NO_INTROSPECTION,
            }),
      }),
    }),
  ],
  providers: [ServerInfoResolver],
})
export class ApiGraphqlModule {}

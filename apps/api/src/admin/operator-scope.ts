import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService } from '@app/auth';
import { AppConfig, DomainError, ErrorCode, normalizeError } from '@app/core';
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
} from 'fastify';
import { sendProblem } from '../http/send-problem';
import { BASIC_CHALLENGE, isOperatorAuthorization } from './operator-credentials';

/**
 * An onRequest hook that lets through the operators' basic-auth login or an admin's
 * access token, and answers everyone else 401 (with a basic-auth challenge, so a
 * browser prompts once) or 403.
 */
export function operatorOnly(
  app: NestFastifyApplication,
  config: AppConfig,
): onRequestAsyncHookHandler {
  const auth = app.get(AuthService, { strict: false });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const authorization = request.headers.authorization;
    if (isOperatorAuthorization(authorization, config)) return;
    if (authorization?.startsWith('Bearer ')) {
      const user = await auth.verifyAccessToken(authorization.slice(7).trim());
      if (user?.role === 'admin') return;
      if (user)
        return void sendProblem(
          request,
          reply,
          normalizeError(new DomainError(ErrorCode.FORBIDDEN, 'Only admins can open this page')),
        );
    }
    void reply.header('www-authenticate', BASIC_CHALLENGE);
    return void sendProblem(
      request,
      reply,
      normalizeError(
        new DomainError(
          ErrorCode.UNAUTHENTICATED,
          'Operator credentials or an admin access token are required',
        ),
      ),
    );
  };
}

/**
 * Registers `plugin` under `prefix` inside a Fastify scope of its own whose onRequest
 * hook is the operator check. Fastify runs a scope's hooks for exactly the routes the
 * router matched in that scope, so no spelling of the URL can reach them unguarded.
 */
export async function registerOperatorScope(
  app: NestFastifyApplication,
  config: AppConfig,
  prefix: string,
  plugin: FastifyPluginCallback,
): Promise<void> {
  const guard = operatorOnly(app, config);
  await app.register(
    ((scope: FastifyInstance, _options: unknown, done: (error?: Error) => void) => {
      scope.addHook('onRequest', guard);
      void scope.register(plugin);
      done();
    }) as never,
    { prefix },
  );
}

/**
 * Guards routes registered elsewhere (on the root instance) by the route pattern the
 * router matched (`routeOptions.url`), never by the raw request URL.
 */
export function guardMatchedRoutes(
  fastify: FastifyInstance,
  isGuarded: (routeUrl: string) => boolean,
  guard: onRequestAsyncHookHandler,
): void {
  fastify.addHook('onRequest', async function (this: FastifyInstance, request, reply) {
    const routeUrl = request.routeOptions.url;
    if (routeUrl !== undefined && isGuarded(routeUrl)) await guard.call(this, request, reply);
  });
}

/** Swagger UI, its assets and the OpenAPI document, as the routes SwaggerModule registers. */
const SWAGGER_ROUTE = /^\/docs(-json|-yaml)?(\/|$)/;

/** Puts Swagger UI and the OpenAPI document behind the operator login; call before setupSwagger. */
export function guardSwagger(app: NestFastifyApplication, config: AppConfig): void {
  guardMatchedRoutes(
    app.getHttpAdapter().getInstance(),
    (routeUrl) => SWAGGER_ROUTE.test(routeUrl),
    operatorOnly(app, config),
  );
}

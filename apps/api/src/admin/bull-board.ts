import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService } from '@app/auth';
import { AppConfig, DomainError, ErrorCode, normalizeError, QueueStats } from '@app/core';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../http/send-problem';
import { BASIC_CHALLENGE, isOperatorAuthorization } from './operator-credentials';

export const BULL_BOARD_ROUTE = '/admin/queues';

/**
 * Bull Board over every queue, mounted as a plain Fastify plugin (its Nest
 * wrapper is CommonJS-only and would load a second copy of Nest in tests).
 */
export async function mountBullBoard(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_ROUTE);
  createBullBoard({
    queues: app
      .get(QueueStats)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: config.env.APP_NAME } },
  });
  protectBullBoard(
    app.getHttpAdapter().getInstance(),
    config,
    app.get(AuthService, { strict: false }),
  );
  await app.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_ROUTE });
}

/** Every request under the board's route needs operator credentials or an admin's access token. */
function protectBullBoard(fastify: FastifyInstance, config: AppConfig, auth: AuthService): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path !== BULL_BOARD_ROUTE && !path.startsWith(`${BULL_BOARD_ROUTE}/`)) return;
    const authorization = request.headers.authorization;
    if (isOperatorAuthorization(authorization, config)) return;
    if (authorization?.startsWith('Bearer ')) {
      const user = await auth.verifyAccessToken(authorization.slice(7).trim());
      if (user?.role === 'admin') return;
      if (user)
        return sendProblem(
          request,
          reply,
          normalizeError(
            new DomainError(ErrorCode.FORBIDDEN, 'Only admins can open the queue board'),
          ),
        );
    }
    void reply.header('www-authenticate', BASIC_CHALLENGE);
    return sendProblem(
      request,
      reply,
      normalizeError(
        new DomainError(
          ErrorCode.UNAUTHENTICATED,
          'Operator credentials or an admin access token are required',
        ),
      ),
    );
  });
}

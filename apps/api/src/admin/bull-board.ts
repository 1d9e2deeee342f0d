import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { BullBoardModule } from '@bull-board/nestjs';
import { ALL_QUEUES, AppConfig, ErrorCode, normalizeError, DomainError } from '@app/core';
import type { FastifyInstance } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from '../http/problem-details';
import { BASIC_CHALLENGE, isOperatorAuthorization } from './operator-credentials';

export const BULL_BOARD_ROUTE = '/admin/queues';

/** Bull Board UI over every queue. */
export const BullBoardModules = [
  BullBoardModule.forRoot({ route: BULL_BOARD_ROUTE, adapter: FastifyAdapter }),
  ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
];

/**
 * Bull Board is a Fastify plugin outside Nest's guards, so its protection is a
 * Fastify hook: every request under its route needs operator credentials.
 */
export function protectBullBoard(fastify: FastifyInstance, config: AppConfig): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path !== BULL_BOARD_ROUTE && !path.startsWith(`${BULL_BOARD_ROUTE}/`)) return;
    if (isOperatorAuthorization(request.headers.authorization, config)) return;
    const problem = toProblemDetails(
      normalizeError(new DomainError(ErrorCode.UNAUTHENTICATED, 'Operator credentials are required')),
      String(request.id),
      path,
    );
    return reply.status(401).header('www-authenticate', BASIC_CHALLENGE).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  });
}

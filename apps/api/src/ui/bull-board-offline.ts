import type { FastifyInstance } from 'fastify';

// Bull Board's page links a web font stylesheet on another host; its CSS
// already falls back to the system sans-serif and monospace fonts.
const OUTSIDE_STYLESHEET = /<link\b[^>]*\bhref="https?:\/\/[^"]*"[^>]*>\s*/gi;

/** Strips outside stylesheets from Bull Board's HTML so the board loads nothing from another host. */
export function keepBullBoardOffline(fastify: FastifyInstance, route: string): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0];
    if (path !== route && !path.startsWith(`${route}/`)) return payload;
    if (typeof payload !== 'string') return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
    return payload.replace(OUTSIDE_STYLESHEET, '');
  });
}

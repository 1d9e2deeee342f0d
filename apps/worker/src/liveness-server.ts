import { Metrics } from '@app/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createServer, type Server } from 'node:http';

/**
 * The worker's only HTTP: GET /health/live (200 while its BullMQ workers run,
 * for Docker/Kubernetes probes) and GET /metrics (Prometheus), on HOST like the API.
 */
export function startLivenessServer(
  app: INestApplicationContext,
  port: number,
  isRunning: () => boolean,
  host: string,
): Promise<Server> {
  const metrics = app.get(Metrics);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health/live') {
      const up = isRunning();
      res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: up ? 'ok' : 'stopping' }));
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      metrics.render().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType() });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'ROUTE_NOT_FOUND' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

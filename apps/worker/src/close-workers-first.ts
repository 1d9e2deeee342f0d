import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { workerHosts } from './worker-hosts';

/**
 * Closes every BullMQ worker of this process (take no new job, let the running
 * ones finish) before any other shutdown hook runs, so those jobs still have
 * their queues, the database and the mail transport.
 *
 * It lives in the root module, whose onModuleDestroy runs first. Left to
 * @nestjs/bullmq, workers close in the last phase (onApplicationShutdown) at
 * the same time as the queues, the database pool and the mail transport. A
 * running job that then called a queue failed on Redis and, on the PostgreSQL
 * backend, waited forever (a call on a closed queue never settles there), so
 * the process never finished its shutdown.
 */
@Injectable()
export class CloseWorkersFirst implements OnModuleDestroy {
  constructor(private readonly discovery: DiscoveryService) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.all(workerHosts(this.discovery).map((host) => host.worker.close()));
  }
}

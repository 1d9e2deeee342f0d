import { Processor, type ProcessorOptions } from '@nestjs/bullmq';
import type { Type } from '@nestjs/common';
import type { WorkerOptions } from 'bullmq';
import type { AppConfig } from '@app/core';

// Where @Processor keeps its arguments (@nestjs/bullmq does not export the keys).
const PROCESSOR_METADATA = 'bullmq:processor_metadata';
const WORKER_METADATA = 'bullmq:worker_metadata';

/**
 * @Processor's worker options are fixed when a class is declared; the lock
 * duration and stall interval come from the config, so they are added here,
 * to every processor among the worker's providers, before Nest creates the
 * BullMQ workers. A killed worker's job is taken over by another one at most
 * lock duration + stall interval later.
 */
export function applyProcessorOptions(config: AppConfig, providers: readonly Type[]): void {
  for (const provider of providers) {
    const processor = Reflect.getMetadata(PROCESSOR_METADATA, provider) as
      ProcessorOptions | undefined;
    if (!processor) continue;
    const declared = Reflect.getMetadata(WORKER_METADATA, provider) as
      Partial<WorkerOptions> | undefined;
    Processor(processor, {
      ...declared,
      lockDuration: config.env.WORKER_LOCK_DURATION_MS,
      stalledInterval: config.env.WORKER_STALLED_INTERVAL_MS,
    })(provider);
  }
}

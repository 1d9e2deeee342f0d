import { Logger } from '@nestjs/common';

/**
 * On SIGTERM/SIGINT: run `close` (stop taking work, finish what is in flight,
 * close pools), then exit 0; exit 1 if that takes longer than the deadline.
 */
export function exitGracefullyOnSignals(
  close: () => Promise<void>,
  deadlineMs: number,
  logger = new Logger('Shutdown'),
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down (deadline ${deadlineMs} ms)`);
    setTimeout(() => {
      logger.error('Shutdown deadline passed; exiting with work unfinished');
      process.exit(1);
    }, deadlineMs).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

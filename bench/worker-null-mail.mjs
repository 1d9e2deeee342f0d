// The compiled worker exactly as production builds it (WorkerModule), with one
// change: the mail transport is a null transport that accepts every mail at once,
// so the benchmark measures the queue, the outbox and the database, not an SMTP
// server. Started by bench/run.mjs; says `ready` over IPC.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { loadConfigOrExit } = require(join(root, 'dist/libs/core/src/index.js'));
const { MAIL_TRANSPORT } = require(join(root, 'dist/libs/notifications/src/mail-transport.js'));
const { WorkerModule } = require(join(root, 'dist/apps/worker/src/worker.module.js'));
const { Logger } = require('nestjs-pino');

let sent = 0;
const nullTransport = {
  kind: 'smtp',
  send: async (mail) => {
    sent++;
    return { messageId: mail.messageId ?? `<null-${sent}@bench>` };
  },
  close: () => undefined,
};

const config = loadConfigOrExit();
const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
  .overrideProvider(MAIL_TRANSPORT)
  .useValue(nullTransport)
  .compile();
moduleRef.useLogger(moduleRef.get(Logger));
await moduleRef.init();
process.send?.({ ready: true });

const stop = async () => {
  await moduleRef.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('disconnect', stop);

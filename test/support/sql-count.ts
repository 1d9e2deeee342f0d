import { DataSource } from 'typeorm';
import type { RunningApi } from './api-server';

/**
 * Counts the SQL statements this process's `pg` clients send while `fn` runs
 * (only those whose text `matching` accepts, when given).
 */
export async function countQueries(
  api: RunningApi,
  fn: () => Promise<unknown>,
  matching: (sql: string) => boolean = () => true,
): Promise<number> {
  const driver = api.app.get(DataSource).driver as unknown as {
    postgres: { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  };
  const proto = driver.postgres.Client.prototype;
  const original = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (matching(sql ?? '')) count++;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return count;
}

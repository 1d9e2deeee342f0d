import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigValidationError } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

const primary = 'postgres://app:secret@primary:5432/app';

describe('dataSourceOptions with read replicas', () => {
  it('has no replication without DATABASE_REPLICA_URLS', () => {
    const options = dataSourceOptions(AppConfig.load({ DATABASE_URL: primary }));
    expect(options).toMatchObject({ url: primary });
    expect('replication' in options).toBe(false);
  });

  it('sends reads to the primary unless a replica is asked for', () => {
    const config = AppConfig.load({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URLS: 'postgres://ro@replica-1/app, postgres://ro@replica-2/app',
    });
    expect(config.databaseReplicaUrls).toEqual([
      'postgres://ro@replica-1/app',
      'postgres://ro@replica-2/app',
    ]);
    expect(dataSourceOptions(config)).toMatchObject({
      replication: {
        master: { url: primary },
        slaves: [{ url: 'postgres://ro@replica-1/app' }, { url: 'postgres://ro@replica-2/app' }],
        defaultMode: 'master',
      },
    });
    expect(config.describeBackends()).toContain('replicas=postgres://ro@replica-1/app,');
  });

  it('names the variable when a replica URL is not a postgres URL', () => {
    expect(() =>
      AppConfig.load({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URLS: 'postgres://a/b,mysql://c/d',
      }),
    ).toThrow(ConfigValidationError);
    expect(() => AppConfig.load({ DATABASE_REPLICA_URLS: 'mysql://c/d' })).toThrow(
      /DATABASE_REPLICA_URLS/,
    );
  });
});

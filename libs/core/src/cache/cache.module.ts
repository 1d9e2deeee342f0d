import KeyvRedis from '@keyv/redis';
import { CacheModule as NestCacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import { AppConfig } from '../config/app-config';

/**
 * Cache (cache-manager + Keyv): Redis when REDIS_URL is set, so every API
 * process sees the same entries and invalidations; in-process memory otherwise.
 */
@Module({
  imports: [
    NestCacheModule.registerAsync({
      isGlobal: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig): CacheModuleOptions => {
        const ttl = config.env.CACHE_TTL_SECONDS * 1000;
        if (!config.env.REDIS_URL) return { ttl };
        const namespace = `${config.env.KEY_PREFIX}:cache`;
        const store = new KeyvRedis(config.env.REDIS_URL, { namespace, keyPrefixSeparator: ':' });
        // Keyv hands its own namespace to the store (its default, `keyv`, unless given):
        // without it every process on the Redis server would share one keyspace.
        // Keyv ships CJS and ESM typings; cache-manager's are the ESM ones, the runtime class is the same.
        return { ttl, stores: [new Keyv({ store, namespace, useKeyPrefix: false }) as never] };
      },
    }),
  ],
})
export class CacheModule {}

import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';

/** Version tokens outlive entries so an entry is never read under a forgotten token. */
const VERSION_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Version tokens are `<birth time, base 36>.<uuid>`: a reader can tell how long ago the
 * last write happened (`versionTokenAgeMs`). A token made for a family nobody has written
 * yet carries birth time 0: no write is known.
 */
const versionTokenBornAt = (bornAt: number) => `${bornAt.toString(36)}.${randomUUID()}`;

/** Milliseconds since the write that made `token`; Infinity when no write is known. */
export function versionTokenAgeMs(token: string, now = Date.now()): number {
  const dot = token.indexOf('.');
  const bornAt = dot > 0 ? Number.parseInt(token.slice(0, dot), 36) : NaN;
  return Number.isFinite(bornAt) && bornAt > 0 ? Math.max(0, now - bornAt) : Infinity;
}

/** Bound of the in-process tier, in characters of the entries' JSON (the objects take about as much again). */
const LOCAL_TIER_MAX_CHARS = 8 * 1024 * 1024;

interface LocalEntry {
  value: object;
  /** The value's JSON, made once: its size here, and the body of a response that sends it. */
  json: string;
}

/**
 * The cache every service uses (Redis with REDIS_URL, memory otherwise).
 * Keys are `<keyspace>:<id>` (`listing:42`); hits and misses are counted per
 * keyspace, so the hit ratio per kind of entry is on /metrics.
 */
@Injectable()
export class AppCache {
  private readonly lookups: Counter<'keyspace' | 'result'>;
  private readonly local: LRUCache<string, LocalEntry>;
  private readonly ttlMs: number;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    metrics: Metrics,
    config: AppConfig,
  ) {
    this.ttlMs = config.env.CACHE_TTL_SECONDS * 1000;
    this.local = new LRUCache<string, LocalEntry>({
      maxSize: LOCAL_TIER_MAX_CHARS,
      sizeCalculation: (entry) => entry.json.length + 64,
      ttl: this.ttlMs,
    });
    this.lookups = metrics.counter('cache_lookups_total', 'Cache lookups by keyspace and result', [
      'keyspace',
      'result',
    ]);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.cache.get<T>(key);
    const found = value !== undefined && value !== null;
    this.lookups.inc({ keyspace: keyspaceOf(key), result: found ? 'hit' : 'miss' });
    return found ? value : undefined;
  }

  /**
   * Two tiers for entries that never change once written (their key carries a
   * version): a small in-process LRU in front of Redis. A hit in the first tier
   * costs no round trip and no parsing, and is as fresh as Redis because a new
   * version is a new key.
   */
  async getImmutable<T extends object>(key: string): Promise<T | undefined> {
    const local = this.local.get(key);
    if (local) {
      this.lookups.inc({ keyspace: keyspaceOf(key), result: 'hit' });
      return local.value as T;
    }
    const value = await this.get<T>(key);
    if (value !== undefined) this.remember(key, value);
    return value;
  }

  /**
   * The current version token under `key` (entries of a versioned family carry
   * it in their keys). A missing token is made and stored before the caller
   * reads its rows, so a concurrent write still supersedes it.
   */
  async versionToken(key: string): Promise<string> {
    const version = await this.get<string>(key);
    if (version) return version;
    const fresh = versionTokenBornAt(0);
    await this.set(key, fresh, VERSION_TTL_MS);
    return fresh;
  }

  /** Replaces the token under `key`: every entry stored under the old one is never read again. */
  async renewVersionToken(key: string): Promise<void> {
    await this.set(key, versionTokenBornAt(Date.now()), VERSION_TTL_MS);
  }

  /**
   * getImmutable for many keys at once: the in-process tier first, then one
   * Redis round trip (MGET) for the keys it does not hold. Answers in the order of `keys`.
   */
  async getManyImmutable<T extends object>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const found: (T | undefined)[] = keys.map(() => undefined);
    const remote: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const local = this.local.get(keys[i]);
      if (local) found[i] = local.value as T;
      else remote.push(i);
    }
    if (remote.length > 0) {
      const values = await this.cache.mget<T>(remote.map((i) => keys[i]));
      remote.forEach((at, n) => {
        const value = values[n];
        if (value === undefined || value === null) return;
        found[at] = value;
        this.remember(keys[at], value);
      });
    }
    this.countLookups(keys, found);
    return found;
  }

  /** Stores entries read back with getImmutable or getManyImmutable (both tiers, one MSET). */
  async setManyImmutable<T extends object>(
    entries: readonly { key: string; value: T }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    for (const { key, value } of entries) this.remember(key, value);
    await this.cache.mset(entries.map(({ key, value }) => ({ key, value, ttl: this.ttlMs })));
  }

  /** Hits and misses of a batch, one counter update per keyspace and result. */
  private countLookups(keys: readonly string[], found: readonly unknown[]): void {
    const counts = new Map<string, { hit: number; miss: number }>();
    keys.forEach((key, i) => {
      const keyspace = keyspaceOf(key);
      let count = counts.get(keyspace);
      if (!count) counts.set(keyspace, (count = { hit: 0, miss: 0 }));
      if (found[i] === undefined) count.miss++;
      else count.hit++;
    });
    for (const [keyspace, { hit, miss }] of counts) {
      if (hit) this.lookups.inc({ keyspace, result: 'hit' }, hit);
      if (miss) this.lookups.inc({ keyspace, result: 'miss' }, miss);
    }
  }

  /** Stores an entry read back with getImmutable (both tiers). */
  async setImmutable<T extends object>(key: string, value: T): Promise<void> {
    this.remember(key, value);
    await this.cache.set(key, value, this.ttlMs);
  }

  private remember(key: string, value: object): void {
    const json = JSON.stringify(value);
    jsonMemo.set(value, json);
    this.local.set(key, { value, json });
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.cache.set(key, value, ttlMs);
  }

  async del(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.cache.del(key)));
  }

  /** The cached value, or `load()`'s result, stored for next time. */
  async getOrLoad<T>(key: string, load: () => Promise<T>, ttlMs?: number): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    await this.set(key, value, ttlMs);
    return value;
  }
}

const jsonMemo = new WeakMap<object, string>();

/** JSON of a value; made once per entry for the values getImmutable returns. */
export function entryJson(value: object): string {
  return jsonMemo.get(value) ?? JSON.stringify(value);
}

export function keyspaceOf(key: string): string {
  const at = key.indexOf(':');
  return at > 0 ? key.slice(0, at) : 'default';
}

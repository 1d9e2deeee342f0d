import { Injectable } from '@nestjs/common';
import { AppCache, entryJson, versionTokenAgeMs } from '@app/core';
import { createHash } from 'node:crypto';

export interface Cached<T> {
  value: T;
  /** True when the value came from the cache (the `X-Cache: HIT` header). */
  hit: boolean;
}

// Keyspaces (the part before the first colon) are what /metrics counts hits and misses by.
const SEARCH_VERSION_KEY = 'listing-version:search';
const versionKey = (listingId: string) => `listing-version:${listingId}`;

/**
 * The cache policy of listing reads. Entries are keyed by a version token
 * (one per listing for its detail, one for all search pages); a write
 * replaces the token after its commit, so the next read misses. A reader that
 * loaded old rows just before a write stores them under the old token, which
 * nobody reads again: no stale read survives a write, even across processes.
 */
@Injectable()
export class ListingCache {
  constructor(private readonly cache: AppCache) {}

  /** `load` gets how long ago the listing was last written (for ReadReplica). */
  detail<T>(listingId: string, load: (writtenAgoMs: number) => Promise<T>): Promise<Cached<T>> {
    return this.through(versionKey(listingId), `listing-detail:${listingId}`, load);
  }

  /** `load` gets how long ago any listing was last written (for ReadReplica). */
  search<T>(query: object, load: (writtenAgoMs: number) => Promise<T>): Promise<Cached<T>> {
    const digest = createHash('sha256').update(stableJson(query)).digest('base64url');
    return this.through(SEARCH_VERSION_KEY, `listing-search:${digest}`, load);
  }

  /** How long ago the listing (its detail, calendar or photos) was last written. */
  async writtenAgoMs(listingId: string): Promise<number> {
    return versionTokenAgeMs(await this.cache.versionToken(versionKey(listingId)));
  }

  /**
   * Call after the commit of any write that changes what a listing's detail,
   * calendar or search results show (edit, publish state, blocks, bookings, reviews).
   */
  async invalidateListing(listingId: string): Promise<void> {
    await Promise.all([
      this.cache.renewVersionToken(versionKey(listingId)),
      this.cache.renewVersionToken(SEARCH_VERSION_KEY),
    ]);
  }

  private async through<T>(
    versionKeyName: string,
    key: string,
    load: (writtenAgoMs: number) => Promise<T>,
  ): Promise<Cached<T>> {
    const version = await this.cache.versionToken(versionKeyName);
    // An entry's key carries its version, so it never changes: the in-process tier may keep it.
    const entryKey = `${key}:${version}`;
    const cached = await this.cache.getImmutable<T & object>(entryKey);
    if (cached !== undefined) return { value: cached, hit: true };
    const value = await load(versionTokenAgeMs(version));
    if (value !== null && value !== undefined)
      await this.cache.setImmutable(entryKey, value as T & object);
    return { value, hit: false };
  }
}

/** JSON with sorted keys and no undefined members: equal queries give equal keys. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const etags = new WeakMap<object, string>();

/** Strong ETag of a JSON body (computed once per cached entry). */
export function etagOf(body: object): string {
  let etag = etags.get(body);
  if (!etag) {
    etag = `"${createHash('sha256').update(entryJson(body)).digest('base64url').slice(0, 27)}"`;
    etags.set(body, etag);
  }
  return etag;
}

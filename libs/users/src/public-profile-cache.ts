import { Injectable } from '@nestjs/common';
import { AppCache } from '@app/core';
import type { PublicUserView } from './dto/user.views';

// Keyspaces (the part before the first colon) are what /metrics counts hits and misses by.
const VERSION_KEY = 'user-version:public';
const entryKey = (userId: string, version: string) => `user-public:${userId}:${version}`;

/** A public profile as it is stored: JSON-safe (the instant as ISO-8601 text). */
type ProfileEntry = Omit<PublicUserView, 'createdAt'> & { createdAt: string };

/** The view made from each stored entry, so an entry held in memory is converted once. */
const views = new WeakMap<ProfileEntry, PublicUserView>();

function viewOf(entry: ProfileEntry): PublicUserView {
  let view = views.get(entry);
  if (!view) {
    view = { ...entry, createdAt: new Date(entry.createdAt) };
    views.set(entry, view);
  }
  return view;
}

const entryOf = (view: PublicUserView): ProfileEntry => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
});

/**
 * Cache of users' public profiles (the public columns only; never email,
 * phone, last name or role). One version token covers every profile: a write
 * to any user's public fields (profile edit, becoming a host, account
 * deletion, a guest rating moving) replaces it after its commit, so the next
 * read of any profile misses. A reader that loaded rows just before a write
 * stores them under the old token, which nobody reads again: no stale read
 * survives a write, even across processes. Missing (deleted) users are not cached.
 */
@Injectable()
export class PublicProfileCache {
  constructor(private readonly cache: AppCache) {}

  /** The profiles of `ids` that exist; `load` reads the ones the cache does not hold. */
  async many(
    ids: readonly string[],
    load: (ids: string[]) => Promise<PublicUserView[]>,
  ): Promise<PublicUserView[]> {
    const version = await this.cache.versionToken(VERSION_KEY);
    const keys = ids.map((id) => entryKey(id, version));
    const cached = await this.cache.getManyImmutable<ProfileEntry>(keys);
    const found: PublicUserView[] = [];
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const entry = cached[i];
      if (entry) found.push(viewOf(entry));
      else missing.push(ids[i]);
    }
    if (missing.length === 0) return found;
    const loaded = await load(missing);
    await this.cache.setManyImmutable(
      loaded.map((view) => ({ key: entryKey(view.id, version), value: entryOf(view) })),
    );
    return [...found, ...loaded];
  }

  /**
   * Call after the commit of any write that changes what a public profile
   * shows: first name, avatar, bio, host flag, guest rating, account deletion.
   */
  async invalidate(): Promise<void> {
    await this.cache.renewVersionToken(VERSION_KEY);
  }
}

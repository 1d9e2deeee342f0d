import { Injectable } from '@nestjs/common';
import { PublicUserView, UsersService } from '@app/users';
import DataLoader from 'dataloader';

interface Loaders {
  hosts: DataLoader<string, PublicUserView | null>;
  /** The hosts of a page loaded with the page (`preloadHosts`), read without a promise per row. */
  pageHosts: Map<string, PublicUserView | null>;
}

/**
 * Per-request DataLoaders, kept on the GraphQL context object (one per
 * operation), so a page of listings loads all its hosts in one query.
 */
@Injectable()
export class ListingLoaders {
  private readonly byContext = new WeakMap<object, Loaders>();

  constructor(private readonly users: UsersService) {}

  for(context: object): Loaders {
    let loaders = this.byContext.get(context);
    if (!loaders) {
      loaders = {
        hosts: new DataLoader(async (ids) => {
          const found = await this.publicViewsById(ids);
          return ids.map((id) => found.get(id) ?? null);
        }),
        pageHosts: new Map(),
      };
      this.byContext.set(context, loaders);
    }
    return loaders;
  }

  /** Loads the hosts of a page in one call, before its rows ask for them. */
  async preloadHosts(context: object, hostIds: readonly string[]): Promise<void> {
    const { hosts, pageHosts } = this.for(context);
    const ids = [...new Set(hostIds)].filter((id) => !pageHosts.has(id));
    if (ids.length === 0) return;
    const found = await this.publicViewsById(ids);
    for (const id of ids) {
      const host = found.get(id) ?? null;
      pageHosts.set(id, host);
      hosts.prime(id, host);
    }
  }

  private async publicViewsById(ids: readonly string[]): Promise<Map<string, PublicUserView>> {
    return new Map((await this.users.publicViews(ids)).map((u) => [u.id, u]));
  }

  /** The host of a row: from its page's preload when there is one, else through the DataLoader. */
  host(context: object, hostId: string): PublicUserView | null | Promise<PublicUserView | null> {
    const loaders = this.for(context);
    const preloaded = loaders.pageHosts.get(hostId);
    return preloaded !== undefined ? preloaded : loaders.hosts.load(hostId);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AppConfig,
  Clock,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  DomainError,
  encodeCursor,
  ErrorCode,
  NotFoundError,
  ReadReplica,
  TransactionRunner,
  ValidationFailedError,
} from '@app/core';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { CreateListingInput } from './dto/create-listing.input';
import type { ListingFieldsInput } from './dto/listing-fields.input';
import { ListingView } from './dto/listing.view';
import type { ListingFilterInput, ListingSort } from './dto/search-listings.query';
import type { UpdateListingInput } from './dto/update-listing.input';
import {
  assertCanManage,
  assertCanView,
  isOwnerOrAdmin,
  type ListingActor,
} from './listing-access';
import { ListingCache, type Cached } from './listing-cache';
import { missingForPublication } from './listing-completeness';
import { approximateLocation, locationKey, type ListingLocation } from './listing-location';
import {
  buildSearchQuery,
  checkSearchFilter,
  decodeSearchCursor,
  encodeSearchCursor,
  isTimestampText,
} from './listing-search.query';
import { ListingPhoto } from './listing-photo.entity';
import { Listing } from './listing.entity';
import type { ListingStatus } from './listing-catalogue';

export interface ListingEdge {
  cursor: string;
  node: ListingView;
}

/** A page of listings with a cursor per row (GraphQL edges) and the next page's cursor. */
export interface ListingPage {
  edges: ListingEdge[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** Which states each transition starts from. */
const TRANSITIONS: Record<
  'publish' | 'unpublish' | 'archive',
  { from: ListingStatus[]; to: ListingStatus }
> = {
  publish: { from: ['draft', 'unlisted'], to: 'published' },
  unpublish: { from: ['published'], to: 'unlisted' },
  archive: { from: ['draft', 'published', 'unlisted'], to: 'archived' },
};

@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly cache: ListingCache,
    private readonly clock: Clock,
    private readonly replica: ReadReplica,
    config: AppConfig,
  ) {
    this.locationKey = locationKey(config.env.JWT_SECRET ?? '');
  }

  private readonly locationKey: Buffer;

  async create(actor: ListingActor, input: CreateListingInput): Promise<ListingView> {
    const { photos, ...fields } = definedOnly(input);
    checkNights(fields.minNights ?? 1, fields.maxNights ?? 365);
    const id = await this.tx.run(async (manager) => {
      const saved = await manager
        .getRepository(Listing)
        .save(
          manager.getRepository(Listing).create({ ...fields, hostId: actor.id, status: 'draft' }),
        );
      if (photos) await this.replacePhotos(manager, saved.id, photos);
      return saved.id;
    });
    await this.cache.invalidateListing(id);
    return this.loadView(id);
  }

  async update(actor: ListingActor, id: string, input: UpdateListingInput): Promise<ListingView> {
    const { photos, ...fields } = definedOnly(input);
    await this.tx.run(async (manager) => {
      const listing = await this.lock(manager, id);
      assertCanManage(listing, actor);
      if (listing.status === 'archived')
        throw new DomainError(
          ErrorCode.INVALID_LISTING_STATE,
          'An archived listing cannot be changed',
        );
      const next = manager.getRepository(Listing).merge(listing, fields);
      checkNights(next.minNights, next.maxNights);
      if (photos) await this.replacePhotos(manager, id, photos);
      if (next.status === 'published') {
        const missing = missingForPublication(next, await this.photoCount(manager, id));
        if (missing.length) throw incomplete(missing, 'A published listing must stay complete');
      }
      await manager.getRepository(Listing).save(next);
    });
    await this.cache.invalidateListing(id);
    return this.loadView(id);
  }

  publish(actor: ListingActor, id: string): Promise<ListingView> {
    return this.transition(actor, id, 'publish');
  }

  unpublish(actor: ListingActor, id: string): Promise<ListingView> {
    return this.transition(actor, id, 'unpublish');
  }

  archive(actor: ListingActor, id: string): Promise<ListingView> {
    return this.transition(actor, id, 'archive');
  }

  /**
   * The detail anyone may read (published) or the owner/admin (any state),
   * cached; a miss reads a replica unless the listing was just written.
   */
  async get(id: string, actor?: ListingActor): Promise<Cached<ListingView>> {
    // The cache holds only the public view (approximate location), so no audience can leak into another's.
    const result = await this.cache.detail(id, (writtenAgoMs) =>
      this.replica
        .read(async (manager) => this.publicView(await this.loadView(id, manager)), {
          writtenAgoMs,
        })
        .catch(nullIfMissing),
    );
    if (!result.value) throw new NotFoundError('Listing', id);
    assertCanView(result.value, actor);
    if (actor && (await this.seesExactLocation(result.value, actor)))
      return { hit: result.hit, value: { ...result.value, ...(await this.exactLocation(id)) } };
    return result as Cached<ListingView>;
  }

  /** The street address and exact point are for the host, admins and guests with a confirmed stay. */
  private async seesExactLocation(listing: ListingView, actor: ListingActor): Promise<boolean> {
    if (isOwnerOrAdmin(listing, actor)) return true;
    // Read-only look at the bookings table: listings cannot import the bookings lib (it sits above).
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM bookings WHERE listing_id = $1 AND guest_id = $2
        AND status IN ('confirmed', 'completed') LIMIT 1`,
      [listing.id, actor.id],
    );
    return rows.length > 0;
  }

  private async exactLocation(id: string): Promise<ListingLocation> {
    const listing = await this.dataSource.getRepository(Listing).findOne({
      where: { id },
      select: { id: true, address: true, latitude: true, longitude: true },
    });
    if (!listing) throw new NotFoundError('Listing', id);
    return { address: listing.address, latitude: listing.latitude, longitude: listing.longitude };
  }

  /** What anyone may see: no street address, coordinates moved about 500 m (stable per listing). */
  publicView(view: ListingView): ListingView {
    return approximateLocation(view, this.locationKey);
  }

  /** Search over published listings; pages are cached until a listing write. */
  async search(
    filter: ListingFilterInput,
    sort: ListingSort = 'newest',
    page: PageRequest = {},
  ): Promise<Cached<ListingPage>> {
    checkSearchFilter(filter, sort);
    const after = page.cursor ? decodeSearchCursor(page.cursor, sort) : undefined;
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    return this.cache.search({ filter, sort, limit, after }, (writtenAgoMs) =>
      this.replica.read(
        async (manager) => {
          const { entities, raw } = await buildSearchQuery(
            manager,
            filter,
            sort,
            limit,
            after,
          ).getRawAndEntities<{ sort_value: string }>();
          // Filtering and distance use the exact point; the answer shows only the public one.
          const views = (await this.views(entities, manager)).map((v) => this.publicView(v));
          const edges = views.map((node, i) => ({
            node,
            cursor: encodeSearchCursor({ sort, value: raw[i].sort_value, id: node.id }),
          }));
          return pageOf(edges, limit);
        },
        { writtenAgoMs },
      ),
    );
  }

  /** The host's own listings, newest first, every state. */
  async mine(actor: ListingActor, page: PageRequest = {}): Promise<ListingPage> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource
      .getRepository(Listing)
      .createQueryBuilder('l')
      .addSelect('l.created_at::text', 'sort_value')
      .where('l.host_id = :hostId', { hostId: actor.id });
    if (page.cursor) {
      const c = decodeCursor(page.cursor, { c: 'string', id: 'string' });
      if (!isTimestampText(String(c.c)) || !/^[0-9a-f-]{36}$/i.test(String(c.id)))
        throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
      qb.andWhere('(l.created_at, l.id) < (CAST(:c AS timestamptz), CAST(:id AS uuid))', c);
    }
    const { entities, raw } = await qb
      .orderBy('l.created_at', 'DESC')
      .addOrderBy('l.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ sort_value: string }>();
    const views = await this.views(entities);
    return pageOf(
      views.map((node, i) => ({
        node,
        cursor: encodeCursor({ c: raw[i].sort_value, id: node.id }),
      })),
      limit,
    );
  }

  /**
   * A listing for booking and pricing, read inside the caller's transaction
   * and share-locked so it cannot be archived or repriced under the booking.
   * Only published listings can be booked.
   */
  async loadForBooking(manager: EntityManager, id: string): Promise<Listing> {
    const listing = await manager
      .getRepository(Listing)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
    if (!listing || listing.status !== 'published') throw new NotFoundError('Listing', id);
    return listing;
  }

  /**
   * Public views of listings by id with their photos, in two queries (order of
   * `ids` kept).
   */
  async viewsByIds(ids: readonly string[]): Promise<ListingView[]> {
    return (await this.exactViewsByIds(ids)).map((v) => this.publicView(v));
  }

  /** The same with the street address and exact point: for the host and admins only. */
  private async exactViewsByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ListingView[]> {
    const listings = await manager.getRepository(Listing).findBy({ id: In([...ids]) });
    const views = await this.views(listings, manager);
    const byId = new Map(views.map((v) => [v.id, v]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * An admin's unlist or archive: `audit` runs in the same transaction, so the
   * change and its audit entry commit together or not at all.
   */
  moderate(
    actor: ListingActor,
    id: string,
    action: 'unpublish' | 'archive',
    audit: (manager: EntityManager, before: ListingStatus) => Promise<void>,
  ): Promise<ListingView> {
    return this.transition(actor, id, action, audit);
  }

  private async transition(
    actor: ListingActor,
    id: string,
    action: keyof typeof TRANSITIONS,
    within?: (manager: EntityManager, before: ListingStatus) => Promise<void>,
  ): Promise<ListingView> {
    const { from, to } = TRANSITIONS[action];
    await this.tx.run(async (manager) => {
      const listing = await this.lock(manager, id);
      assertCanManage(listing, actor);
      if (!from.includes(listing.status))
        throw new DomainError(
          ErrorCode.INVALID_LISTING_STATE,
          `A ${listing.status} listing cannot be ${to === 'archived' ? 'archived' : to}`,
          { details: { status: listing.status, allowedFrom: from } },
        );
      if (to === 'published') {
        const missing = missingForPublication(listing, await this.photoCount(manager, id));
        if (missing.length) throw incomplete(missing, `The listing lacks: ${missing.join(', ')}`);
      }
      await manager.getRepository(Listing).update(
        { id },
        {
          status: to,
          ...(to === 'published' && !listing.publishedAt ? { publishedAt: this.clock.now() } : {}),
        },
      );
      await within?.(manager, listing.status);
    });
    await this.cache.invalidateListing(id);
    return this.loadView(id);
  }

  private async loadView(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ListingView> {
    const [view] = await this.exactViewsByIds([id], manager);
    if (!view) throw new NotFoundError('Listing', id);
    return view;
  }

  private async views(
    listings: Listing[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ListingView[]> {
    if (listings.length === 0) return [];
    const photos = await manager
      .getRepository(ListingPhoto)
      .find({ where: { listingId: In(listings.map((l) => l.id)) }, order: { position: 'ASC' } });
    return listings.map((l) =>
      ListingView.of(
        l,
        photos.filter((p) => p.listingId === l.id),
      ),
    );
  }

  private async lock(manager: EntityManager, id: string): Promise<Listing> {
    const listing = await manager
      .getRepository(Listing)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!listing) throw new NotFoundError('Listing', id);
    return listing;
  }

  private photoCount(manager: EntityManager, listingId: string): Promise<number> {
    return manager.getRepository(ListingPhoto).countBy({ listingId });
  }

  private async replacePhotos(
    manager: EntityManager,
    listingId: string,
    photos: NonNullable<ListingFieldsInput['photos']>,
  ): Promise<void> {
    const repo = manager.getRepository(ListingPhoto);
    await repo.delete({ listingId });
    if (photos.length)
      await repo.insert(
        photos.map((p, position) => ({
          listingId,
          position,
          url: p.url,
          caption: p.caption ?? null,
        })),
      );
  }
}

/** Inputs leave absent optional fields as own `undefined` properties; a write must skip them. */
function definedOnly<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}

function checkNights(minNights: number, maxNights: number): void {
  if (minNights > maxNights)
    throw new ValidationFailedError(
      [{ field: 'minNights', message: 'minNights must not exceed maxNights' }],
      'minNights must not exceed maxNights',
    );
}

function incomplete(missing: string[], message: string): DomainError {
  return new DomainError(ErrorCode.LISTING_INCOMPLETE, message, {
    details: { missing },
    fieldErrors: missing.map((field) => ({ field, message: `${field} is required to publish` })),
  });
}

function nullIfMissing(error: unknown): null {
  if (error instanceof NotFoundError) return null;
  throw error;
}

function pageOf(edges: ListingEdge[], limit: number): ListingPage {
  const hasMore = edges.length > limit;
  const kept = hasMore ? edges.slice(0, limit) : edges;
  return { edges: kept, nextCursor: hasMore ? kept[kept.length - 1].cursor : null };
}

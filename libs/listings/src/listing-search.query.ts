import {
  DomainError,
  ErrorCode,
  decodeCursor,
  encodeCursor,
  ValidationFailedError,
} from '@app/core';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { ListingFilterInput, ListingSort } from './dto/search-listings.query';
import { bookableSql } from './listing-access';
import { Listing } from './listing.entity';
import { checkDateRange, isStayDate } from './stay-date';

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = 111.32;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SortSpec {
  /** SQL of the sort value; only ever one of these fixed strings. */
  expr: string;
  direction: 'ASC' | 'DESC';
  /** SQL type the cursor's text value is cast back to. */
  type: 'timestamptz' | 'integer' | 'numeric' | 'float8';
  valid: (v: string) => boolean;
}

const DISTANCE_SQL = `(${EARTH_RADIUS_KM} * 2 * asin(sqrt(
  power(sin(radians(l.latitude - CAST(:lat AS float8)) / 2), 2) +
  cos(radians(CAST(:lat AS float8))) * cos(radians(l.latitude)) *
  power(sin(radians(l.longitude - CAST(:lng AS float8)) / 2), 2))))`;

/** PostgreSQL's text form of a timestamptz, e.g. `2030-01-01 10:00:00.123456+00`, and a real instant. */
export function isTimestampText(v: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2})(?::?(\d{2}))?$/.exec(
    v,
  );
  if (!m || !isStayDate(m[1])) return false;
  return !Number.isNaN(Date.parse(`${m[1]}T${m[2].slice(0, 12)}${m[3]}:${m[4] ?? '00'}`));
}

/** Cast-safe text of the sort's SQL type: a cursor value never makes PostgreSQL fail. */
const isNumberText = (v: string) =>
  /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) &&
  Number.isFinite(Number(v)) &&
  Math.abs(Number(v)) < 1e300;
const isIntegerText = (v: string) => /^\d{1,10}$/.test(v) && Number(v) <= 2_147_483_647;

/** The allow-list: a sort key maps to fixed SQL, never to client text. */
const SORTS: Record<ListingSort, SortSpec> = {
  newest: { expr: 'l.created_at', direction: 'DESC', type: 'timestamptz', valid: isTimestampText },
  price_asc: {
    expr: 'l.nightly_price',
    direction: 'ASC',
    type: 'integer',
    valid: isIntegerText,
  },
  price_desc: {
    expr: 'l.nightly_price',
    direction: 'DESC',
    type: 'integer',
    valid: isIntegerText,
  },
  rating: {
    expr: 'coalesce(l.rating_avg, 0)',
    direction: 'DESC',
    type: 'numeric',
    valid: isNumberText,
  },
  distance: { expr: DISTANCE_SQL, direction: 'ASC', type: 'float8', valid: isNumberText },
};

export interface SearchCursor {
  sort: ListingSort;
  value: string;
  id: string;
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return encodeCursor({ s: cursor.sort, v: cursor.value, id: cursor.id });
}

/** A cursor only continues the sort it was made for; anything else is INVALID_CURSOR. */
export function decodeSearchCursor(raw: string, sort: ListingSort): SearchCursor {
  const c = decodeCursor(raw, { s: 'string', v: 'string', id: 'string' });
  const v = String(c.v);
  if (c.s !== sort || !UUID.test(String(c.id)) || v.length > 64 || !SORTS[sort].valid(v))
    throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list');
  return { sort, value: v, id: String(c.id) };
}

/** Checks the combinations a filter object cannot express alone. */
export function checkSearchFilter(filter: ListingFilterInput, sort: ListingSort): void {
  const errors: { field: string; message: string }[] = [];
  const hasPoint = filter.lat !== undefined || filter.lng !== undefined;
  if (
    hasPoint &&
    (filter.lat === undefined || filter.lng === undefined || filter.radiusKm === undefined)
  )
    errors.push({ field: 'radiusKm', message: 'a radius search needs lat, lng and radiusKm' });
  if (!hasPoint && filter.radiusKm !== undefined)
    errors.push({ field: 'radiusKm', message: 'radiusKm needs lat and lng' });
  const box = [filter.south, filter.west, filter.north, filter.east];
  if (box.some((b) => b !== undefined) && box.some((b) => b === undefined))
    errors.push({ field: 'north', message: 'a bounding box needs south, west, north and east' });
  if (filter.south !== undefined && filter.north !== undefined && filter.south > filter.north)
    errors.push({ field: 'north', message: 'north must not be south of south' });
  // box() would reorder the corners and search the other side of the world.
  if (filter.west !== undefined && filter.east !== undefined && filter.west > filter.east)
    errors.push({
      field: 'east',
      message: 'east must not be west of west (a box across the 180th meridian: search each side)',
    });
  if ((filter.checkIn === undefined) !== (filter.checkOut === undefined))
    errors.push({ field: 'checkOut', message: 'checkIn and checkOut go together' });
  if ((filter.minPrice !== undefined || filter.maxPrice !== undefined) && !filter.currency)
    errors.push({ field: 'currency', message: 'a price bound needs the currency it is in' });
  if (
    filter.minPrice !== undefined &&
    filter.maxPrice !== undefined &&
    filter.minPrice > filter.maxPrice
  )
    errors.push({ field: 'maxPrice', message: 'maxPrice must not be below minPrice' });
  if (sort === 'distance' && !hasPoint)
    errors.push({ field: 'sort', message: 'sorting by distance needs lat and lng' });
  if (errors.length) throw new ValidationFailedError(errors);
  if (filter.checkIn && filter.checkOut) checkDateRange(filter.checkIn, filter.checkOut);
}

function radiusBox(lat: number, lng: number, km: number) {
  const dLat = km / KM_PER_DEGREE;
  const cos = Math.cos((lat * Math.PI) / 180);
  const dLng = cos < 1e-6 ? 180 : km / (KM_PER_DEGREE * cos);
  return {
    south: Math.max(-90, lat - dLat),
    north: Math.min(90, lat + dLat),
    west: Math.max(-180, lng - dLng),
    east: Math.min(180, lng + dLng),
  };
}

/**
 * The search as one parameterised query over published listings. Every
 * predicate matches an index of the migration (city, country, the location
 * gist, price, amenities gin, the holds' exclusion gist); the sort value is
 * selected as text so the next page's cursor can hold it exactly.
 */
export function buildSearchQuery(
  manager: EntityManager,
  filter: ListingFilterInput,
  sort: ListingSort,
  limit: number,
  after?: SearchCursor,
): SelectQueryBuilder<Listing> {
  const spec = SORTS[sort];
  const qb = manager
    .createQueryBuilder(Listing, 'l')
    .addSelect(`(${spec.expr})::text`, 'sort_value')
    // The bookable rule (a partial index keeps its host lookup tiny).
    .where(bookableSql('l'));
  if (filter.city) qb.andWhere('lower(l.city) = lower(:city)', { city: filter.city });
  if (filter.country)
    qb.andWhere('l.country = :country', { country: filter.country.toUpperCase() });
  const box =
    filter.lat !== undefined && filter.lng !== undefined && filter.radiusKm !== undefined
      ? radiusBox(filter.lat, filter.lng, filter.radiusKm)
      : filter.south !== undefined
        ? { south: filter.south, west: filter.west!, north: filter.north!, east: filter.east! }
        : undefined;
  if (filter.lat !== undefined) qb.setParameters({ lat: filter.lat, lng: filter.lng });
  if (box) {
    qb.andWhere('l.latitude IS NOT NULL AND l.longitude IS NOT NULL').andWhere(
      'point(l.longitude, l.latitude) <@ box(point(CAST(:west AS float8), CAST(:south AS float8)), point(CAST(:east AS float8), CAST(:north AS float8)))',
      box,
    );
  }
  if (filter.radiusKm !== undefined)
    qb.andWhere(`${DISTANCE_SQL} <= CAST(:radiusKm AS float8)`, { radiusKm: filter.radiusKm });
  if (filter.guests !== undefined)
    qb.andWhere('l.max_guests >= :guests', { guests: filter.guests });
  if (filter.checkIn && filter.checkOut) {
    const nights = checkDateRange(filter.checkIn, filter.checkOut);
    // OFFSET 0 keeps this a probe of the exclusion index per candidate row, so a scan in
    // sort order stops at the page size; as an anti-join the planner would read every hold
    // overlapping the dates, of every listing, first.
    qb.andWhere('l.min_nights <= :nights AND l.max_nights >= :nights', { nights }).andWhere(
      `NOT EXISTS (SELECT 1 FROM listing_calendar_holds h WHERE h.listing_id = l.id
           AND h.during && daterange(CAST(:checkIn AS date), CAST(:checkOut AS date), '[)') OFFSET 0)`,
      { checkIn: filter.checkIn, checkOut: filter.checkOut },
    );
  }
  if (filter.currency) qb.andWhere('l.currency = :currency', { currency: filter.currency });
  if (filter.minPrice !== undefined)
    qb.andWhere('l.nightly_price >= :minPrice', { minPrice: filter.minPrice });
  if (filter.maxPrice !== undefined)
    qb.andWhere('l.nightly_price <= :maxPrice', { maxPrice: filter.maxPrice });
  if (filter.propertyType)
    qb.andWhere('l.property_type = :propertyType', { propertyType: filter.propertyType });
  if (filter.amenities?.length)
    qb.andWhere('l.amenities @> CAST(:amenities AS text[])', { amenities: filter.amenities });
  if (filter.instantBook !== undefined)
    qb.andWhere('l.instant_book = :instantBook', { instantBook: filter.instantBook });
  if (after) {
    const op = spec.direction === 'ASC' ? '>' : '<';
    qb.andWhere(
      `(${spec.expr}, l.id) ${op} (CAST(:afterValue AS ${spec.type}), CAST(:afterId AS uuid))`,
      {
        afterValue: after.value,
        afterId: after.id,
      },
    );
  }
  return qb
    .orderBy(spec.expr, spec.direction)
    .addOrderBy('l.id', spec.direction)
    .limit(limit + 1);
}

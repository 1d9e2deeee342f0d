/** The closed vocabularies of a listing (mirrored by CHECK constraints in the migration). */
export const PROPERTY_TYPES = ['entire_home', 'private_room', 'shared_room', 'hotel_room'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const BUILDING_KINDS = [
  'house',
  'apartment',
  'condo',
  'townhouse',
  'cabin',
  'villa',
  'loft',
  'guesthouse',
  'hotel',
  'other',
] as const;
export type BuildingKind = (typeof BUILDING_KINDS)[number];

export const CANCELLATION_POLICIES = ['flexible', 'moderate', 'firm', 'strict'] as const;
export type CancellationPolicy = (typeof CANCELLATION_POLICIES)[number];

export const LISTING_STATUSES = ['draft', 'published', 'unlisted', 'archived'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export interface Amenity {
  code: string;
  label: string;
  category: 'essentials' | 'features' | 'location' | 'safety';
}

/** The fixed amenity catalogue (`GET /api/v1/amenities`); listings store the codes. */
export const AMENITIES: readonly Amenity[] = [
  { code: 'wifi', label: 'Wi-Fi', category: 'essentials' },
  { code: 'kitchen', label: 'Kitchen', category: 'essentials' },
  { code: 'washer', label: 'Washer', category: 'essentials' },
  { code: 'dryer', label: 'Dryer', category: 'essentials' },
  { code: 'heating', label: 'Heating', category: 'essentials' },
  { code: 'air_conditioning', label: 'Air conditioning', category: 'essentials' },
  { code: 'hot_water', label: 'Hot water', category: 'essentials' },
  { code: 'tv', label: 'TV', category: 'features' },
  { code: 'workspace', label: 'Dedicated workspace', category: 'features' },
  { code: 'free_parking', label: 'Free parking', category: 'features' },
  { code: 'pool', label: 'Pool', category: 'features' },
  { code: 'hot_tub', label: 'Hot tub', category: 'features' },
  { code: 'gym', label: 'Gym', category: 'features' },
  { code: 'ev_charger', label: 'EV charger', category: 'features' },
  { code: 'pets_allowed', label: 'Pets allowed', category: 'features' },
  { code: 'elevator', label: 'Elevator', category: 'features' },
  { code: 'balcony', label: 'Balcony', category: 'features' },
  { code: 'beachfront', label: 'Beachfront', category: 'location' },
  { code: 'waterfront', label: 'Waterfront', category: 'location' },
  { code: 'ski_in_out', label: 'Ski-in/ski-out', category: 'location' },
  { code: 'smoke_alarm', label: 'Smoke alarm', category: 'safety' },
  { code: 'carbon_monoxide_alarm', label: 'Carbon monoxide alarm', category: 'safety' },
  { code: 'first_aid_kit', label: 'First aid kit', category: 'safety' },
  { code: 'fire_extinguisher', label: 'Fire extinguisher', category: 'safety' },
];

export const AMENITY_CODES: readonly string[] = AMENITIES.map((a) => a.code);

export const MAX_PHOTOS = 50;
/** Longest calendar or search window, in days. */
export const MAX_RANGE_DAYS = 366;

import type { Listing } from './listing.entity';

/** What a listing still lacks before guests may see it (empty: ready to publish). */
export function missingForPublication(listing: Listing, photoCount: number): string[] {
  const missing: string[] = [];
  if (!listing.description) missing.push('description');
  if (photoCount === 0) missing.push('photos');
  if (!(listing.nightlyPrice > 0)) missing.push('nightlyPrice');
  for (const field of ['address', 'city', 'country', 'latitude', 'longitude', 'timezone'] as const)
    if (listing[field] === null || listing[field] === undefined) missing.push(field);
  return missing;
}

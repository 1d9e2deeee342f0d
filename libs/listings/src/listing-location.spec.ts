import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { approximateLocation, distanceMetres, locationKey } from './listing-location';

const key = locationKey('a signing secret of at least thirty-two characters');
const SEED = 20261204;

describe('approximate listing location', () => {
  it('drops the street and moves the point 200-600 m, the same way every time for one listing', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        (id, latitude, longitude) => {
          const view = { id, address: '1 Secret Street', latitude, longitude };
          const shown = approximateLocation(view, key);
          expect(shown.address).toBeNull();
          const moved = distanceMetres(view, {
            latitude: shown.latitude!,
            longitude: shown.longitude!,
          });
          // Four-decimal rounding adds at most about 8 m.
          expect(moved).toBeGreaterThan(190);
          expect(moved).toBeLessThan(610);
          expect(approximateLocation(view, key)).toEqual(shown);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('another key gives another offset; no coordinates stay none', () => {
    const view = {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      address: 'x',
      latitude: 48.87,
      longitude: 2.37,
    };
    expect(approximateLocation(view, locationKey('another secret'))).not.toEqual(
      approximateLocation(view, key),
    );
    expect(approximateLocation({ ...view, latitude: null, longitude: null }, key)).toMatchObject({
      address: null,
      latitude: null,
      longitude: null,
    });
  });
});

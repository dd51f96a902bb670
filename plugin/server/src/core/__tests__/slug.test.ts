import { slugify } from '../slug';

describe('slugify', () => {
  it.each([
    ['Family father', 'family-father'],
    ['  City   Commuter! ', 'city-commuter'],
    ['Münchner Kindl', 'munchner-kindl'],
    ['Straße & Co.', 'strasse-co'],
    ['SUV 4x4', 'suv-4x4'],
    ['!!!', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

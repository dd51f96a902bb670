import type { ProfileDef } from '../scoring';
import { BASE_CATALOG, resolvePathSpec, type PathSpec } from '../rules';
import { createContextReader, type ContextSnapshot } from '../visitor-context';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const DAY = 86_400_000;

const interest: ProfileDef = {
  slug: 'interest',
  scoring: 'sum',
  halfLifeDays: 30,
  keys: [{ slug: 'limousine', min: 0, max: 10 }],
};

/** A name for each prefix of the catalog; a new prefix fails the test below until it gets one. */
const SAMPLE_NAMES: Record<string, string> = {
  'scores.': 'limousine',
  'contact.attributes.': 'industry',
  'geo.distanceKm.': '49.4521,11.0767',
  'goals.withinDays.': '30',
};

/** A visitor with every part of the context present. */
const populated: ContextSnapshot = {
  now: NOW,
  profiles: [interest],
  contact: {
    identified: true,
    consent: 'granted',
    profiles: { interest: { totals: { limousine: 8 }, weight: 2, views: 2, updatedAt: NOW } },
    personas: { interest: { persona: 'family-father', distance: 1.5 } },
    goals: { newsletter: { count: 1, lastAt: NOW - DAY } },
    engagementValue: 20,
    attributes: { industry: 'automotive' },
  },
  visit: {
    number: 2,
    pageCount: 3,
    value: 5,
    goals: ['newsletter'],
    channel: 'email',
    campaign: 'winter-sale',
    referrer: 'https://news.example.com/article',
    utm: { source: 'newsletter', medium: 'email', campaign: 'winter', term: 'suv', content: 'top' },
    geo: {
      country: 'DE',
      region: 'BY',
      city: 'Nuremberg',
      postalCode: '90402',
      continent: 'EU',
      timeZone: 'Europe/Berlin',
      latitude: 49.45,
      longitude: 11.08,
    },
    device: 'mobile',
    os: 'iOS',
    browser: 'Safari',
    languages: ['de-DE', 'en'],
  },
};

/** A first visit that brought nothing: no GeoIP, no referrer, no profiles, no scores. */
const empty: ContextSnapshot = {
  now: NOW,
  profiles: [],
  contact: {
    identified: false,
    consent: null,
    profiles: {},
    personas: {},
    goals: {},
    engagementValue: 0,
    attributes: {},
  },
  visit: {
    number: 1,
    pageCount: 0,
    value: 0,
    goals: [],
    channel: null,
    campaign: null,
    referrer: null,
    utm: {},
    geo: null,
    device: null,
    os: null,
    browser: null,
    languages: [],
  },
};

/** Every path of the catalog, prefixes with their sample name, and its spec. */
const everyPath: Array<[string, PathSpec]> = [
  ...Object.entries(BASE_CATALOG.exact),
  ...Object.entries(BASE_CATALOG.prefixes).map(([prefix, spec]): [string, PathSpec] => [
    `${prefix}${SAMPLE_NAMES[prefix]}`,
    spec,
  ]),
];

const hasType = (value: unknown, spec: PathSpec) =>
  typeof value === spec.type && !Number.isNaN(value);

describe('context paths: the catalog and the reader come from one table', () => {
  it('has a sample name for every prefix, valid for that prefix', () => {
    expect(Object.keys(SAMPLE_NAMES).sort()).toEqual(Object.keys(BASE_CATALOG.prefixes).sort());
    for (const [prefix, name] of Object.entries(SAMPLE_NAMES)) {
      expect(resolvePathSpec(BASE_CATALOG, `${prefix}${name}`)).toBe(BASE_CATALOG.prefixes[prefix]);
    }
  });

  describe('a fully populated snapshot reads every path with its declared type', () => {
    const read = createContextReader(populated);

    it.each(everyPath)('%s', (path, spec) => {
      const value = read(path);
      expect(Array.isArray(value)).toBe(!!spec.array);
      const elements = Array.isArray(value) ? value : [value];
      expect(elements.length).toBeGreaterThan(0);
      for (const element of elements) expect(hasType(element, spec)).toBe(true);
    });
  });

  describe('an empty snapshot reads every path as absent, or as a value of its type', () => {
    /** What a visitor has even without any data: counters, flags and the clock. */
    const ALWAYS_PRESENT = new Set([
      'visit.number',
      'visit.returning',
      'visit.pageCount',
      'visit.value',
      'engagement.value',
      'contact.identified',
      'time.hour',
      'time.weekday',
      'date',
    ]);
    const read = createContextReader(empty);

    it.each(everyPath)('%s', (path, spec) => {
      const value = read(path);
      if (ALWAYS_PRESENT.has(path)) expect(hasType(value, spec)).toBe(true);
      else expect(spec.array ? value : [value]).toEqual(spec.array ? [] : [undefined]);
    });
  });

  it.each([
    'constructor',
    '__proto__',
    'toString',
    'utm.constructor',
    'utm.__proto__',
    'geo.constructor',
    'scores.constructor',
    'scores.__proto__',
    'contact.attributes.__proto__',
    'contact.attributes.constructor',
    'contact.attributes.hasOwnProperty',
  ])('never reads Object.prototype: %s is undefined', (path) => {
    expect(createContextReader(populated)(path)).toBeUndefined();
  });

  it('computes only what the paths read, once per reader', () => {
    let profileReads = 0;
    const profiles = new Proxy(populated.contact.profiles, {
      get(target, key, receiver) {
        profileReads += 1;
        return Reflect.get(target, key, receiver);
      },
    });
    const read = createContextReader({
      ...populated,
      contact: { ...populated.contact, profiles },
    });
    read('channel');
    read('geo.country');
    read('visit.number');
    expect(profileReads).toBe(0);
    read('scores.limousine');
    const afterScores = profileReads;
    expect(afterScores).toBeGreaterThan(0);
    read('scores.limousine');
    read('scores.hybrid');
    expect(profileReads).toBe(afterScores);
  });
});

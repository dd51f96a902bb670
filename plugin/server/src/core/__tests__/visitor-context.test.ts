import type { ProfileDef } from '../scoring';
import {
  createContextReader,
  localTime,
  type ContactSnapshot,
  type ContextSnapshot,
  type VisitSnapshot,
} from '../visitor-context';

const DAY = 86_400_000;
/** Monday 23:30 UTC; Tuesday 00:30 in Berlin (CET, UTC+1). */
const NOW = Date.parse('2026-11-23T23:30:00Z');

const interest: ProfileDef = {
  slug: 'interest',
  scoring: 'sum',
  halfLifeDays: 30,
  keys: [
    { slug: 'limousine', min: 0, max: 10 },
    { slug: 'hybrid', min: 0, max: 10 },
  ],
};

const lifestyle: ProfileDef = {
  slug: 'lifestyle',
  scoring: 'average',
  halfLifeDays: 30,
  keys: [
    { slug: 'compact', min: 0, max: 10 },
    { slug: 'leasing', min: 0, max: 10 },
  ],
};

function contact(overrides: Partial<ContactSnapshot> = {}): ContactSnapshot {
  return {
    identified: true,
    consent: 'granted',
    profiles: {
      // last updated one half-life ago: the sum scores halve at NOW
      interest: {
        totals: { limousine: 10, hybrid: 2 },
        weight: 2,
        views: 2,
        updatedAt: NOW - 30 * DAY,
      },
      // two half-lives ago: averages compact 6/1.5 = 4, leasing 3/1.5 = 2, whatever the decay
      lifestyle: {
        totals: { compact: 6, leasing: 3 },
        weight: 1.5,
        views: 3,
        updatedAt: NOW - 60 * DAY,
      },
    },
    personas: {
      interest: { persona: 'family-father', distance: 2.5 },
      lifestyle: { persona: 'urban-single', distance: 1.25 },
      budget: null,
    },
    goals: {
      newsletter: { count: 2, lastAt: NOW - 2 * DAY },
      brochure: { count: 1, lastAt: NOW - 7 * DAY },
      testDrive: { count: 1, lastAt: NOW - 40 * DAY },
    },
    engagementValue: 35,
    attributes: { industry: 'automotive', employees: 250 },
    ...overrides,
  };
}

function visit(overrides: Partial<VisitSnapshot> = {}): VisitSnapshot {
  return {
    number: 3,
    pageCount: 5,
    value: 10,
    goals: ['newsletter'],
    channel: 'email',
    campaign: 'winter-sale',
    referrer: 'https://www.google.de/search?q=hybrid',
    utm: { source: 'newsletter', medium: 'email' },
    geo: { country: 'DE', city: 'Berlin', timeZone: 'Europe/Berlin' },
    device: 'mobile',
    os: 'iOS',
    browser: 'Safari',
    languages: ['de-DE', 'en'],
    ...overrides,
  };
}

const reader = (
  overrides: {
    contact?: Partial<ContactSnapshot>;
    visit?: Partial<VisitSnapshot>;
    now?: number;
  } = {}
) => {
  const snapshot: ContextSnapshot = {
    now: overrides.now ?? NOW,
    contact: contact(overrides.contact),
    visit: visit(overrides.visit),
    profiles: [interest, lifestyle],
  };
  return createContextReader(snapshot);
};

describe('createContextReader', () => {
  describe('paths read straight from the snapshot', () => {
    const read = reader();

    it.each([
      ['visit.number', 3],
      ['visit.returning', true],
      ['visit.pageCount', 5],
      ['visit.value', 10],
      ['engagement.value', 35],
      ['contact.identified', true],
      ['contact.consent', 'granted'],
      ['goals.visit', ['newsletter']],
      ['channel', 'email'],
      ['campaign', 'winter-sale'],
      ['referrer', 'https://www.google.de/search?q=hybrid'],
      ['referrer.host', 'www.google.de'],
      ['device', 'mobile'],
      ['os', 'iOS'],
      ['browser', 'Safari'],
      ['language', 'de-DE'],
      ['languages', ['de-DE', 'en']],
      ['geo.country', 'DE'],
      ['geo.city', 'Berlin'],
      ['geo.timeZone', 'Europe/Berlin'],
      ['utm.source', 'newsletter'],
      ['utm.medium', 'email'],
      ['contact.attributes.industry', 'automotive'],
      ['contact.attributes.employees', 250],
    ])('%s → %p', (path, expected) => {
      expect(read(path)).toEqual(expected);
    });
  });

  describe('missing values read as undefined', () => {
    const read = reader({
      contact: { consent: null },
      visit: {
        channel: null,
        campaign: null,
        referrer: null,
        device: null,
        os: null,
        browser: null,
        languages: [],
      },
    });

    it.each([
      'contact.consent',
      'channel',
      'campaign',
      'referrer',
      'referrer.host',
      'device',
      'os',
      'browser',
      'language',
      'geo.region',
      'utm.term',
      'contact.attributes.revenue',
      'scores.suv',
    ])('%s', (path) => {
      expect(read(path)).toBeUndefined();
    });

    it('reads geo.* as undefined without GeoIP data', () => {
      expect(reader({ visit: { geo: null } })('geo.country')).toBeUndefined();
    });

    it('reads a null geo value as undefined', () => {
      expect(reader({ visit: { geo: { country: null } } })('geo.country')).toBeUndefined();
    });

    it('reads languages as an empty list', () => {
      expect(read('languages')).toEqual([]);
    });
  });

  it.each(['nope', 'visit', 'time', 'geo', 'goals', 'scores.', 'Persona', ' persona'])(
    'reads the unknown path %p as undefined',
    (path) => {
      expect(reader()(path)).toBeUndefined();
    }
  );

  it('is not a returning visit on the first visit', () => {
    expect(reader({ visit: { number: 1 } })('visit.returning')).toBe(false);
  });

  it.each([
    ['not a url', undefined],
    ['//no-scheme.example/path', undefined],
    ['android-app://com.google.android.gm/', 'com.google.android.gm'],
    ['mailto:someone@example.com', undefined],
    ['https://xn--bcher-kva.example:8443/a?b#c', 'xn--bcher-kva.example'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
  ])('referrer.host of %p is %p', (referrer, expected) => {
    expect(reader({ visit: { referrer } })('referrer.host')).toBe(expected);
  });

  describe('persona', () => {
    it('lists the matched persona of every profile and the nearest distance', () => {
      const read = reader();
      expect(read('persona')).toEqual(['family-father', 'urban-single']);
      expect(read('persona.distance')).toBe(1.25);
    });

    it('is empty without matches', () => {
      const read = reader({ contact: { personas: { interest: null } } });
      expect(read('persona')).toEqual([]);
      expect(read('persona.distance')).toBeUndefined();
    });
  });

  describe('scores', () => {
    it.each([
      ['a sum profile, decayed at now (one half-life)', 'scores.limousine', 5],
      ['a sum profile, decayed at now (one half-life)', 'scores.hybrid', 1],
      ['an average profile, unchanged by decay', 'scores.compact', 4],
      ['an average profile, unchanged by decay', 'scores.leasing', 2],
    ])('%s: %s → %p', (_name, path, expected) => {
      expect(reader()(path)).toBeCloseTo(expected, 12);
    });

    it('decays sum scores further at a later now', () => {
      const read = reader({ now: NOW + 60 * DAY });
      expect(read('scores.limousine')).toBeCloseTo(1.25, 12);
      expect(read('scores.compact')).toBeCloseTo(4, 12);
    });

    it('scores 0 before any view (the key minimum of an average profile)', () => {
      const read = reader({ contact: { profiles: {} } });
      expect(read('scores.limousine')).toBe(0);
      expect(read('scores.compact')).toBe(0);
    });
  });

  describe('topKey', () => {
    it('is the key with the highest average over all profiles', () => {
      // averages: limousine 10/2 = 5, hybrid 1, compact 4, leasing 2
      expect(reader()('topKey')).toBe('limousine');
    });

    it('compares averages, not decayed sums', () => {
      const profiles = {
        interest: { totals: { limousine: 6 }, weight: 2, views: 2, updatedAt: NOW - 90 * DAY },
        lifestyle: { totals: { compact: 4 }, weight: 1, views: 1, updatedAt: NOW },
      };
      // limousine: sum 0.75 at now, average 3; compact: average 4
      expect(reader({ contact: { profiles } })('topKey')).toBe('compact');
    });

    it('is undefined before any scored view', () => {
      expect(reader({ contact: { profiles: {} } })('topKey')).toBeUndefined();
      const empty = { totals: {}, weight: 0, views: 0, updatedAt: NOW };
      expect(reader({ contact: { profiles: { interest: empty } } })('topKey')).toBeUndefined();
    });
  });

  describe('goals', () => {
    it('lists every goal ever reached', () => {
      expect(reader()('goals.ever')).toEqual(['newsletter', 'brochure', 'testDrive']);
    });

    it.each([
      ['1', []],
      ['2', ['newsletter']],
      ['7', ['newsletter', 'brochure']],
      ['30', ['newsletter', 'brochure']],
      ['40', ['newsletter', 'brochure', 'testDrive']],
      ['365', ['newsletter', 'brochure', 'testDrive']],
    ])('goals.withinDays.%s → %p (boundary included)', (days, expected) => {
      expect(reader()(`goals.withinDays.${days}`)).toEqual(expected);
    });

    it('reads an empty list without goals', () => {
      const read = reader({ contact: { goals: {} }, visit: { goals: [] } });
      expect(read('goals.ever')).toEqual([]);
      expect(read('goals.visit')).toEqual([]);
      expect(read('goals.withinDays.30')).toEqual([]);
    });
  });

  describe('time', () => {
    it('reads local time in the GeoIP time zone', () => {
      const read = reader();
      expect([read('time.hour'), read('time.weekday'), read('date')]).toEqual([0, 2, '2026-11-24']);
    });

    it('reads UTC without GeoIP data', () => {
      const read = reader({ visit: { geo: null } });
      expect([read('time.hour'), read('time.weekday'), read('date')]).toEqual([
        23,
        1,
        '2026-11-23',
      ]);
    });

    it('reads UTC for an invalid GeoIP time zone', () => {
      const read = reader({ visit: { geo: { timeZone: 'Mars/Olympus_Mons' } } });
      expect([read('time.hour'), read('time.weekday'), read('date')]).toEqual([
        23,
        1,
        '2026-11-23',
      ]);
    });
  });

  it('memoizes: the same path returns the same value', () => {
    const read = reader();
    expect(read('goals.ever')).toBe(read('goals.ever'));
    expect(read('persona')).toBe(read('persona'));
  });
});

describe('localTime', () => {
  it.each([
    [
      'Europe/Berlin in winter (CET)',
      '2026-11-23T23:30:00Z',
      'Europe/Berlin',
      { hour: 0, weekday: 2, date: '2026-11-24' },
    ],
    [
      'Europe/Berlin in summer (CEST)',
      '2026-07-01T22:30:00Z',
      'Europe/Berlin',
      { hour: 0, weekday: 4, date: '2026-07-02' },
    ],
    [
      'Europe/Berlin before the spring change',
      '2026-03-29T00:30:00Z',
      'Europe/Berlin',
      { hour: 1, weekday: 0, date: '2026-03-29' },
    ],
    [
      'Europe/Berlin after the spring change',
      '2026-03-29T01:30:00Z',
      'Europe/Berlin',
      { hour: 3, weekday: 0, date: '2026-03-29' },
    ],
    [
      'America/New_York',
      '2026-11-23T23:30:00Z',
      'America/New_York',
      { hour: 18, weekday: 1, date: '2026-11-23' },
    ],
    [
      'Asia/Tokyo',
      '2026-11-23T23:30:00Z',
      'Asia/Tokyo',
      { hour: 8, weekday: 2, date: '2026-11-24' },
    ],
    [
      'Asia/Kolkata (UTC+5:30)',
      '2026-11-23T23:30:00Z',
      'Asia/Kolkata',
      { hour: 5, weekday: 2, date: '2026-11-24' },
    ],
    [
      'UTC at midnight is hour 0, not 24',
      '2026-11-22T00:00:00Z',
      'UTC',
      { hour: 0, weekday: 0, date: '2026-11-22' },
    ],
    [
      'null (unknown) as UTC',
      '2026-11-23T23:30:00Z',
      null,
      { hour: 23, weekday: 1, date: '2026-11-23' },
    ],
    [
      'an invalid zone as UTC',
      '2026-11-23T23:30:00Z',
      'Mars/Olympus_Mons',
      { hour: 23, weekday: 1, date: '2026-11-23' },
    ],
    [
      'an empty zone as UTC',
      '2026-11-23T23:30:00Z',
      '',
      { hour: 23, weekday: 1, date: '2026-11-23' },
    ],
  ])('%s', (_name, iso, timeZone, expected) => {
    expect(localTime(Date.parse(iso), timeZone)).toEqual(expected);
  });
});

import fc from 'fast-check';
import {
  mergeContacts,
  mergeGoalHistories,
  mergeProfileStates,
  type MergeableContact,
} from '../merge';
import { applyView, type ProfileDef } from '../scoring';

const DAY = 86_400_000;
const profile: ProfileDef = {
  slug: 'vehicle-interest',
  scoring: 'sum',
  halfLifeDays: 30,
  keys: ['compact', 'hybrid', 'leasing', 'limousine'].map((slug) => ({ slug, min: 0, max: 10 })),
};

const contact = (overrides: Partial<MergeableContact> = {}): MergeableContact => ({
  profiles: {},
  goals: {},
  engagementValue: 0,
  visitCount: 0,
  attributes: {},
  firstSeenAt: 0,
  lastSeenAt: 0,
  ...overrides,
});

describe('merging contacts', () => {
  it('adds totals, weights and views of both profile states, decayed to the same moment', () => {
    const a = applyView(undefined, profile, { limousine: 5 }, 0);
    const b = applyView(undefined, profile, { leasing: 4 }, 30 * DAY);
    const merged = mergeProfileStates(a, b, profile, 30 * DAY)!;
    expect(merged.totals.limousine).toBeCloseTo(2.5); // one half-life later
    expect(merged.totals.leasing).toBeCloseTo(4);
    expect(merged.weight).toBeCloseTo(1.5);
    expect(merged.views).toBe(2);
  });

  it('keeps the only state when one side has none', () => {
    const a = applyView(undefined, profile, { limousine: 5 }, 0);
    expect(mergeProfileStates(a, undefined, profile, DAY)).toBe(a);
    expect(mergeProfileStates(undefined, a, profile, DAY)).toBe(a);
  });

  it('sums goal counts and keeps the latest time', () => {
    expect(
      mergeGoalHistories(
        { brochure: { count: 1, lastAt: 5 } },
        { brochure: { count: 2, lastAt: 3 }, video: { count: 1, lastAt: 9 } }
      )
    ).toEqual({ brochure: { count: 3, lastAt: 5 }, video: { count: 1, lastAt: 9 } });
  });

  it('adds engagement value and visits exactly, keeps the survivor attributes on conflicts', () => {
    const merged = mergeContacts(
      contact({
        engagementValue: 60,
        visitCount: 2,
        attributes: { firstName: 'Hans' },
        firstSeenAt: 100,
        lastSeenAt: 200,
      }),
      contact({
        engagementValue: 20,
        visitCount: 1,
        attributes: { firstName: 'H.', city: 'Nürnberg' },
        firstSeenAt: 50,
        lastSeenAt: 300,
      }),
      [profile],
      300
    );
    expect(merged).toMatchObject({
      engagementValue: 80,
      visitCount: 3,
      attributes: { firstName: 'Hans', city: 'Nürnberg' },
      firstSeenAt: 50,
      lastSeenAt: 300,
    });
  });

  it('never loses or invents value: totals of a merge equal the sum of both sides (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.nat(50),
        fc.nat(50),
        (valueA, valueB, visitsA, visitsB) => {
          const merged = mergeContacts(
            contact({ engagementValue: valueA, visitCount: visitsA }),
            contact({ engagementValue: valueB, visitCount: visitsB }),
            [profile],
            0
          );
          return (
            merged.engagementValue === valueA + valueB && merged.visitCount === visitsA + visitsB
          );
        }
      )
    );
  });
});

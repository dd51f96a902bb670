import fc from 'fast-check';
import { applyView, type ProfileDef, type ProfileState } from '../scoring';
import {
  NO_CONTACT,
  rebaseContact,
  rebaseProfile,
  rebaseVisit,
  type ContactState,
} from '../rebase';

const DAY = 86_400_000;
const profile = (halfLifeDays: number): ProfileDef => ({
  slug: 'interest',
  scoring: 'sum',
  halfLifeDays,
  keys: [
    { slug: 'suv', min: 0, max: 10 },
    { slug: 'compact', min: 0, max: 10 },
  ],
});

const view = fc.record({
  at: fc.integer({ min: 0, max: 30 * DAY }),
  suv: fc.integer({ min: 0, max: 10 }),
  compact: fc.integer({ min: 0, max: 10 }),
});

function applyAll(
  state: ProfileState | undefined,
  def: ProfileDef,
  views: Array<{ at: number; suv: number; compact: number }>
) {
  return [...views]
    .sort((a, b) => a.at - b.at)
    .reduce<ProfileState | undefined>(
      (current, { at, suv, compact }) => applyView(current, def, { suv, compact }, at),
      state
    );
}

describe('rebaseProfile', () => {
  it.each([0, 7])(
    'gives what one instance would have stored had it served every view (half-life %d days)',
    (halfLife) => {
      const def = profile(halfLife);
      fc.assert(
        fc.property(
          fc.array(view, { maxLength: 5 }),
          fc.array(view, { minLength: 1, maxLength: 5 }),
          fc.array(view, { minLength: 1, maxLength: 5 }),
          (before, mineViews, theirViews) => {
            const start = 31 * DAY;
            const shift = (views: typeof before) => views.map((v) => ({ ...v, at: v.at + start }));
            const base = applyAll(undefined, def, before);
            const mine = applyAll(base, def, shift(mineViews));
            const theirs = applyAll(base, def, shift(theirViews));
            const rebased = rebaseProfile(base, mine, theirs, def)!;
            const together = applyAll(base, def, shift([...mineViews, ...theirViews]))!;
            expect(rebased.views).toBe(together.views);
            expect(rebased.updatedAt).toBe(together.updatedAt);
            expect(rebased.weight).toBeCloseTo(together.weight, 6);
            for (const key of ['suv', 'compact'])
              expect(rebased.totals[key] ?? 0).toBeCloseTo(together.totals[key] ?? 0, 6);
          }
        )
      );
    }
  );

  it('keeps theirs when this instance changed nothing', () => {
    const def = profile(0);
    const base = applyView(undefined, def, { suv: 5 }, 1000);
    const theirs = applyView(base, def, { compact: 5 }, 2000);
    expect(rebaseProfile(base, base, theirs, def)).toBe(theirs);
  });
});

describe('rebaseContact', () => {
  const state = (changes: Partial<ContactState>): ContactState => ({ ...NO_CONTACT, ...changes });

  it('adds up counts, keeps the latest times, and keeps what only the other changed', () => {
    const base = state({
      visitCount: 1,
      engagementValue: 10,
      goals: { brochure: { count: 1, lastAt: 100 } },
      firstSeenAt: 100,
      lastSeenAt: 100,
      consent: 'implied',
    });
    const mine = {
      ...base,
      engagementValue: 15,
      goals: { brochure: { count: 2, lastAt: 300 } },
      lastSeenAt: 300,
      attributes: { plan: 'leasing' },
    };
    const theirs = {
      ...base,
      visitCount: 2,
      engagementValue: 30,
      goals: { brochure: { count: 1, lastAt: 100 }, video: { count: 1, lastAt: 200 } },
      lastSeenAt: 200,
      consent: 'personalization',
      currentVisitKey: 'their-visit',
    };
    expect(rebaseContact(base, mine, theirs, [])).toEqual({
      ...base,
      visitCount: 2,
      engagementValue: 35,
      goals: { brochure: { count: 2, lastAt: 300 }, video: { count: 1, lastAt: 200 } },
      lastSeenAt: 300,
      consent: 'personalization',
      currentVisitKey: 'their-visit',
      attributes: { plan: 'leasing' },
    });
  });

  it('rebases a contact new to this instance onto the row another instance stored first', () => {
    const mine = state({ visitCount: 1, engagementValue: 5, firstSeenAt: 200, lastSeenAt: 250 });
    const theirs = state({ visitCount: 1, engagementValue: 7, firstSeenAt: 100, lastSeenAt: 150 });
    expect(rebaseContact(NO_CONTACT, mine, theirs, [])).toMatchObject({
      visitCount: 2,
      engagementValue: 12,
      firstSeenAt: 100,
      lastSeenAt: 250,
    });
  });
});

describe('rebaseVisit', () => {
  it('adds page counts and value, unites goals', () => {
    const base = {
      pageCount: 2,
      value: 10,
      goals: ['a'],
      lastActivityAt: 100,
      channel: 'direct',
      campaign: null,
    };
    const mine = { ...base, pageCount: 5, value: 20, goals: ['a', 'b'], lastActivityAt: 300 };
    const theirs = {
      ...base,
      pageCount: 4,
      goals: ['a', 'c'],
      lastActivityAt: 200,
      campaign: 'spring',
    };
    expect(rebaseVisit(base, mine, theirs)).toEqual({
      pageCount: 7,
      value: 20,
      goals: ['a', 'c', 'b'],
      lastActivityAt: 300,
      channel: 'direct',
      campaign: 'spring',
    });
  });
});

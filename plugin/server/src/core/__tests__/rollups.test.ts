import fc from 'fast-check';
import {
  accumulate,
  addDeltas,
  addFigures,
  emptyFigures,
  aggregate,
  rollupDelta,
  rollupKey,
  recount,
  type RollupRow,
  type RollupSource,
} from '../rollups';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

const visit = (
  day: number,
  campaign: string | null,
  channel: string,
  newContact = false
): RollupSource => ({
  type: 'visit',
  occurredAt: T0 + day * DAY + 3_600_000,
  data: { campaign, channel, persona: null, newContact },
});
const goal = (
  day: number,
  campaign: string | null,
  channel: string,
  points: number,
  conversion = false
): RollupSource => ({
  type: 'goal',
  occurredAt: T0 + day * DAY + 7_200_000,
  points,
  goal: 'brochure-download',
  data: { campaign, channel, persona: null, conversion },
});

const byKey = (rows: RollupRow[]) => Object.fromEntries(rows.map((row) => [rollupKey(row), row]));

describe('rollups', () => {
  it('counts visits, new contacts, value, goals and conversions per day, campaign and channel', () => {
    const rows = byKey(
      aggregate([
        visit(0, 'spring-newsletter', 'email', true),
        goal(0, 'spring-newsletter', 'email', 20),
        visit(0, 'spring-newsletter', 'email'),
        goal(0, 'spring-newsletter', 'email', 60, true),
        visit(1, null, 'direct'),
        { type: 'view', occurredAt: T0 },
      ])
    );
    expect(rows['2026-11-01|spring-newsletter|email||']).toEqual({
      day: '2026-11-01',
      campaign: 'spring-newsletter',
      channel: 'email',
      persona: '',
      goal: '',
      visits: 2,
      newContacts: 1,
      value: 0,
      goals: 0,
      conversions: 0,
    });
    expect(rows['2026-11-01|spring-newsletter|email||brochure-download']).toMatchObject({
      visits: 0,
      value: 80,
      goals: 2,
      conversions: 1,
    });
    expect(rows['2026-11-02||direct||']).toMatchObject({ visits: 1, value: 0 });
    expect(Object.keys(rows)).toHaveLength(3);
  });

  it('ignores interactions that are not visits or goals', () => {
    expect(rollupDelta({ type: 'view', occurredAt: T0 })).toBeNull();
    expect(rollupDelta({ type: 'identify', occurredAt: T0 })).toBeNull();
  });

  it('incremental maintenance in any batching equals a fresh aggregation (property)', () => {
    const source = fc.oneof(
      fc.record({
        type: fc.constantFrom('visit', 'goal', 'view'),
        occurredAt: fc.integer({ min: T0, max: T0 + 30 * DAY }),
        points: fc.nat(100),
        goal: fc.constantFrom('brochure', 'video'),
        data: fc.record({
          campaign: fc.constantFrom(null, 'a', 'b'),
          channel: fc.constantFrom('email', 'direct', 'social'),
          persona: fc.constantFrom(null, 'family-father'),
          newContact: fc.boolean(),
          conversion: fc.boolean(),
        }),
      })
    );
    fc.assert(
      fc.property(
        fc.array(source, { maxLength: 200 }),
        fc.array(fc.nat(20), { maxLength: 20 }),
        (sources, cuts) => {
          // apply in batches, as the write buffer flushes
          const rows = new Map<string, RollupRow>();
          let start = 0;
          for (const cut of [...cuts, sources.length]) {
            const end = Math.min(sources.length, start + cut);
            accumulate(rows, sources.slice(start, end));
            start = end;
          }
          accumulate(rows, sources.slice(start));
          expect(byKey([...rows.values()])).toEqual(byKey(aggregate(sources)));
        }
      )
    );
  });

  it('recounts a visit re-credited to a campaign and no longer a new contact', () => {
    const before = visit(0, null, 'direct', true);
    const after = visit(0, 'service-mail', 'email', false);
    expect(byKey(recount([{ before, after }]))).toEqual({
      '2026-11-01||direct||': { ...aggregate([before])[0], visits: -1, newContacts: -1 },
      '2026-11-01|service-mail|email||': aggregate([after])[0],
    });
    expect(recount([{ before, after: before }])).toEqual([]);
  });

  it('rollups recounted after changes equal a fresh aggregation of the changed interactions (property)', () => {
    const arbitraryVisit = fc
      .record({
        day: fc.nat(3),
        campaign: fc.constantFrom(null, 'a', 'b'),
        channel: fc.constantFrom('email', 'direct'),
        newContact: fc.boolean(),
      })
      .map(({ day, campaign, channel, newContact }) => visit(day, campaign, channel, newContact));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(arbitraryVisit, arbitraryVisit), { maxLength: 50 }),
        (pairs) => {
          const rows = accumulate(
            new Map(),
            pairs.map(([before]) => before)
          );
          for (const delta of recount(pairs.map(([before, after]) => ({ before, after })))) {
            const key = rollupKey(delta);
            const row = rows.get(key) ?? { ...delta, ...emptyFigures() };
            addFigures(row, delta);
            rows.set(key, row);
          }
          const nonEmpty = [...rows.values()].filter((row) => row.visits !== 0);
          expect(byKey(nonEmpty)).toEqual(byKey(aggregate(pairs.map(([, after]) => after))));
        }
      )
    );
  });

  it('keeps what interactions without a row count apart, and moves it when they get one (property)', () => {
    const arbitraryVisit = fc
      .record({ day: fc.nat(2), newContact: fc.boolean(), held: fc.boolean(), kept: fc.boolean() })
      .map(({ day, newContact, held, kept }) => ({
        source: visit(day, null, 'direct', newContact),
        held,
        kept,
      }));
    fc.assert(
      fc.property(fc.array(arbitraryVisit, { maxLength: 40 }), (visits) => {
        const rows = new Map<string, RollupRow>();
        // counted when first seen: held ones in the unlogged rows
        for (const { source, held } of visits)
          addDeltas(rows, aggregate([{ ...source, unlogged: held }]));
        // a held visitor who is kept: its count moves to the rows a rebuild recomputes
        for (const { source, held, kept } of visits)
          if (held && kept)
            addDeltas(rows, recount([{ before: { ...source, unlogged: true }, after: source }]));
        const logged = [...rows.values()].filter((row) => !row.unlogged && row.visits !== 0);
        const stored = visits.filter(({ held, kept }) => !held || kept).map(({ source }) => source);
        expect(byKey(logged)).toEqual(byKey(aggregate(stored)));
        const total = (list: RollupRow[]) => list.reduce((sum, row) => sum + row.visits, 0);
        expect(total([...rows.values()])).toBe(visits.length);
      })
    );
    expect(rollupKey({ ...aggregate([visit(0, null, 'direct')])[0], unlogged: true })).toBe(
      '2026-11-01||direct|||unlogged'
    );
  });
});

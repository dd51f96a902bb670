import { goalsOf, matrixOf, periodOf, personaMixOf, seriesOf } from '../analytics';
import { aggregate, type RollupSource } from '../rollups';

const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
const visit = (
  day: string,
  campaign: string,
  channel: string,
  persona: string | null = null
): RollupSource => ({
  type: 'visit',
  occurredAt: at(day),
  data: { campaign, channel, persona, newContact: true },
});
const goal = (
  day: string,
  campaign: string,
  channel: string,
  points: number,
  conversion = false
): RollupSource => ({
  type: 'goal',
  occurredAt: at(day, 11),
  points,
  goal: `goal-${points}`,
  data: { campaign, channel, persona: null, conversion },
});

/**
 * Hand-computed: over three days the prize draw brings 6 visits worth 10 points in all
 * (1.67 per visit), the newsletter 3 visits worth 95 (31.67 per visit).
 */
const rows = aggregate([
  visit('2026-11-02', 'prize-draw', 'social'),
  visit('2026-11-02', 'prize-draw', 'social'),
  visit('2026-11-02', 'spring-newsletter', 'email', 'family-father'),
  goal('2026-11-02', 'spring-newsletter', 'email', 20),
  visit('2026-11-03', 'prize-draw', 'social'),
  visit('2026-11-03', 'prize-draw', 'social'),
  goal('2026-11-03', 'prize-draw', 'social', 5),
  visit('2026-11-03', 'spring-newsletter', 'email', 'family-father'),
  goal('2026-11-03', 'spring-newsletter', 'email', 15),
  visit('2026-11-04', 'prize-draw', 'social'),
  visit('2026-11-04', 'prize-draw', 'social'),
  goal('2026-11-04', 'prize-draw', 'social', 5),
  visit('2026-11-04', 'spring-newsletter', 'email'),
  goal('2026-11-04', 'spring-newsletter', 'email', 60, true),
]);

describe('analytics', () => {
  it('series: visits, value and value per visit per day, with empty days as zeros', () => {
    expect(seriesOf(rows, '2026-11-01', '2026-11-04', 'day')).toEqual([
      {
        period: '2026-11-01',
        visits: 0,
        newContacts: 0,
        value: 0,
        goals: 0,
        conversions: 0,
        valuePerVisit: 0,
      },
      {
        period: '2026-11-02',
        visits: 3,
        newContacts: 3,
        value: 20,
        goals: 1,
        conversions: 0,
        valuePerVisit: 6.67,
      },
      {
        period: '2026-11-03',
        visits: 3,
        newContacts: 3,
        value: 20,
        goals: 2,
        conversions: 0,
        valuePerVisit: 6.67,
      },
      {
        period: '2026-11-04',
        visits: 3,
        newContacts: 3,
        value: 65,
        goals: 2,
        conversions: 1,
        valuePerVisit: 21.67,
      },
    ]);
  });

  it('series by week (Monday) and month', () => {
    expect(periodOf('2026-11-04', 'week')).toBe('2026-11-02');
    expect(periodOf('2026-11-01', 'week')).toBe('2026-10-26');
    expect(periodOf('2026-11-04', 'month')).toBe('2026-11-01');
    expect(seriesOf(rows, '2026-11-02', '2026-11-04', 'week')).toEqual([
      {
        period: '2026-11-02',
        visits: 9,
        newContacts: 9,
        value: 105,
        goals: 5,
        conversions: 1,
        valuePerVisit: 11.67,
      },
    ]);
  });

  it('matrix: the prize draw has many visits and little value per visit, the newsletter the opposite', () => {
    const matrix = matrixOf(
      rows,
      new Map([
        ['prize-draw', 500],
        ['spring-newsletter', 100],
      ])
    );
    expect(matrix.campaigns).toEqual([
      {
        campaign: 'spring-newsletter',
        channel: 'email',
        visits: 3,
        newContacts: 3,
        value: 95,
        goals: 3,
        conversions: 1,
        valuePerVisit: 31.67,
        cost: 100,
        costPerValue: 1.05,
      },
      {
        campaign: 'prize-draw',
        channel: 'social',
        visits: 6,
        newContacts: 6,
        value: 10,
        goals: 2,
        conversions: 0,
        valuePerVisit: 1.67,
        cost: 500,
        costPerValue: 50,
      },
    ]);
    expect(matrix.channels.map((row) => [row.channel, row.visits, row.valuePerVisit])).toEqual([
      ['email', 3, 31.67],
      ['social', 6, 1.67],
    ]);
    expect(matrix.totals).toEqual({
      visits: 9,
      newContacts: 9,
      value: 105,
      goals: 5,
      conversions: 1,
      valuePerVisit: 11.67,
    });
  });

  it('goal conversions, most valuable first', () => {
    expect(goalsOf(rows)).toEqual([
      { goal: 'goal-60', reached: 1, value: 60, conversions: 1 },
      { goal: 'goal-20', reached: 1, value: 20, conversions: 0 },
      { goal: 'goal-15', reached: 1, value: 15, conversions: 0 },
      { goal: 'goal-5', reached: 2, value: 10, conversions: 0 },
    ]);
  });

  it('persona mix', () => {
    expect(personaMixOf(rows).map((row) => [row.persona, row.visits])).toEqual([
      [null, 7],
      ['family-father', 2],
    ]);
  });
});

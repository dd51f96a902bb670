/** Dashboard figures computed from rollup rows: series over time and the campaign / channel matrix. */
import { addFigures, emptyFigures, type RollupFigures, type RollupRow } from './rollups';

export type Interval = 'day' | 'week' | 'month';

export interface SeriesPoint extends RollupFigures {
  /** first day of the period, YYYY-MM-DD */
  period: string;
  valuePerVisit: number;
}

export interface MatrixRow extends RollupFigures {
  campaign: string | null;
  channel: string | null;
  valuePerVisit: number;
  cost: number | null;
  /** cost per engagement point, where cost and value are known */
  costPerValue: number | null;
}

const DAY_MS = 86_400_000;
const round2 = (value: number) => Math.round(value * 100) / 100;
export const perVisit = (figures: RollupFigures) =>
  figures.visits > 0 ? round2(figures.value / figures.visits) : 0;

/** The first day of the period that contains `day` (weeks start on Monday, as ISO 8601). */
export function periodOf(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Every period from `from` to `to`, with zeros where nothing happened, so charts have no holes. */
export function seriesOf(
  rows: RollupRow[],
  from: string,
  to: string,
  interval: Interval
): SeriesPoint[] {
  const periods = new Map<string, RollupFigures>();
  for (
    let time = Date.parse(`${from}T00:00:00Z`);
    time <= Date.parse(`${to}T00:00:00Z`);
    time += DAY_MS
  ) {
    const period = periodOf(new Date(time).toISOString().slice(0, 10), interval);
    if (!periods.has(period)) periods.set(period, emptyFigures());
  }
  for (const row of rows) {
    const figures = periods.get(periodOf(row.day, interval));
    if (figures) addFigures(figures, row);
  }
  return [...periods.entries()].map(([period, figures]) => ({
    period,
    ...figures,
    valuePerVisit: perVisit(figures),
  }));
}

function grouped(rows: RollupRow[], keyOf: (row: RollupRow) => string): Map<string, RollupFigures> {
  const groups = new Map<string, RollupFigures>();
  for (const row of rows) {
    const key = keyOf(row);
    const figures = groups.get(key) ?? emptyFigures();
    addFigures(figures, row);
    groups.set(key, figures);
  }
  return groups;
}

/**
 * The optimization matrix: visits against value per visit for each campaign and for each
 * channel, sorted by value; a campaign that brings many visits of little value shows as such.
 */
export function matrixOf(rows: RollupRow[], costs: Map<string, number>) {
  const row = (
    campaign: string | null,
    channel: string | null,
    figures: RollupFigures
  ): MatrixRow => {
    const cost = campaign ? (costs.get(campaign) ?? null) : null;
    return {
      campaign,
      channel,
      ...figures,
      valuePerVisit: perVisit(figures),
      cost,
      costPerValue: cost !== null && figures.value > 0 ? round2(cost / figures.value) : null,
    };
  };
  const byValue = (a: MatrixRow, b: MatrixRow) => b.value - a.value || b.visits - a.visits;
  const campaigns = [...grouped(rows, (r) => `${r.campaign}|${r.channel}`).entries()]
    .filter(([key]) => !key.startsWith('|'))
    .map(([key, figures]) => {
      const [campaign, channel] = key.split('|');
      return row(campaign, channel || null, figures);
    })
    .sort(byValue);
  const channels = [...grouped(rows, (r) => r.channel).entries()]
    .map(([channel, figures]) => row(null, channel || null, figures))
    .sort(byValue);
  const total = emptyFigures();
  for (const r of rows) addFigures(total, r);
  return { campaigns, channels, totals: { ...total, valuePerVisit: perVisit(total) } };
}

/** Visits and value per persona ('' = no persona yet). */
export function personaMixOf(rows: RollupRow[]) {
  return [...grouped(rows, (r) => r.persona).entries()]
    .map(([persona, figures]) => ({
      persona: persona || null,
      ...figures,
      valuePerVisit: perVisit(figures),
    }))
    .sort((a, b) => b.visits - a.visits);
}

/** Goal conversions: how often each goal was reached and what it was worth, most valuable first. */
export function goalsOf(rows: RollupRow[]) {
  return [
    ...grouped(
      rows.filter((r) => r.goal),
      (r) => r.goal
    ).entries(),
  ]
    .map(([goal, figures]) => ({
      goal,
      reached: figures.goals,
      value: figures.value,
      conversions: figures.conversions,
    }))
    .sort((a, b) => b.value - a.value || b.reached - a.reached);
}

/**
 * Rollups: per day × campaign × channel × persona (× goal for goal rows), the figures dashboards read (visits, new
 * contacts, engagement value, goals, conversions). Each interaction contributes a delta; the
 * same function serves the incremental path (buffered writes) and the rebuild from raw
 * interactions, so both always agree.
 */

export interface RollupFigures {
  visits: number;
  newContacts: number;
  value: number;
  goals: number;
  conversions: number;
}

export interface RollupDimensions {
  /** YYYY-MM-DD (UTC) */
  day: string;
  campaign: string;
  channel: string;
  persona: string;
  /** the goal of goal rows; '' on visit rows */
  goal: string;
  /**
   * Counted for interactions that have no row (a held contact's first request): a rebuild from
   * the rows keeps these rows as they are. Absent on rows counted from stored interactions.
   */
  unlogged?: boolean;
}

export type RollupRow = RollupDimensions & RollupFigures;

/** What rollups need to know of an interaction. */
export interface RollupSource {
  type: string;
  occurredAt: number;
  points?: number | null;
  goal?: string | null;
  data?: {
    campaign?: string | null;
    channel?: string | null;
    persona?: string | null;
    newContact?: boolean;
    conversion?: boolean;
  } | null;
  /** the interaction has no row (yet): its delta goes to the unlogged rows */
  unlogged?: boolean;
}

export const NO_DIMENSION = '';

export const emptyFigures = (): RollupFigures => ({
  visits: 0,
  newContacts: 0,
  value: 0,
  goals: 0,
  conversions: 0,
});

export const rollupKey = (dimensions: RollupDimensions) =>
  [
    dimensions.day,
    dimensions.campaign,
    dimensions.channel,
    dimensions.persona,
    dimensions.goal,
    ...(dimensions.unlogged ? ['unlogged'] : []),
  ].join('|');

export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The delta one interaction adds to its rollup row, or null when it does not count. */
export function rollupDelta(source: RollupSource): RollupRow | null {
  if (source.type !== 'visit' && source.type !== 'goal') return null;
  const data = source.data ?? {};
  const row: RollupRow = {
    day: dayOf(source.occurredAt),
    campaign: data.campaign ?? NO_DIMENSION,
    channel: data.channel ?? NO_DIMENSION,
    persona: data.persona ?? NO_DIMENSION,
    goal: source.type === 'goal' ? (source.goal ?? NO_DIMENSION) : NO_DIMENSION,
    ...(source.unlogged ? { unlogged: true } : {}),
    ...emptyFigures(),
  };
  if (source.type === 'visit') {
    row.visits = 1;
    row.newContacts = data.newContact ? 1 : 0;
  } else {
    row.goals = 1;
    row.value = source.points ?? 0;
    row.conversions = data.conversion ? 1 : 0;
  }
  return row;
}

export function addFigures(into: RollupFigures, delta: RollupFigures): void {
  into.visits += delta.visits;
  into.newContacts += delta.newContacts;
  into.value += delta.value;
  into.goals += delta.goals;
  into.conversions += delta.conversions;
}

/** Adds each delta row into `rows` (key → row). */
export function addDeltas(
  rows: Map<string, RollupRow>,
  deltas: Iterable<RollupRow>
): Map<string, RollupRow> {
  for (const delta of deltas) {
    const key = rollupKey(delta);
    const row = rows.get(key);
    if (row) addFigures(row, delta);
    else rows.set(key, { ...delta });
  }
  return rows;
}

/** Adds the delta of each source into `rows` (key → row). */
export function accumulate(
  rows: Map<string, RollupRow>,
  sources: Iterable<RollupSource>
): Map<string, RollupRow> {
  for (const source of sources) {
    const delta = rollupDelta(source);
    if (!delta) continue;
    const key = rollupKey(delta);
    const row = rows.get(key);
    if (row) addFigures(row, delta);
    else rows.set(key, delta);
  }
  return rows;
}

const isZero = (figures: RollupFigures) =>
  !figures.visits &&
  !figures.newContacts &&
  !figures.value &&
  !figures.goals &&
  !figures.conversions;

/**
 * What changes in the rollups when interactions counted as `before` count as `after` instead
 * (a visit re-credited to a tracked link's campaign, a device merged into a known contact):
 * signed differences per row, none where nothing changes.
 */
export function recount(
  changes: Iterable<{ before: RollupSource; after: RollupSource }>
): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const { before, after } of changes) {
    accumulate(rows, [after]);
    const removed = rollupDelta(before);
    if (!removed) continue;
    const key = rollupKey(removed);
    const row = rows.get(key) ?? { ...removed, ...emptyFigures() };
    row.visits -= removed.visits;
    row.newContacts -= removed.newContacts;
    row.value -= removed.value;
    row.goals -= removed.goals;
    row.conversions -= removed.conversions;
    rows.set(key, row);
  }
  return [...rows.values()].filter((row) => !isZero(row));
}

/** A fresh aggregation of raw interactions. */
export function aggregate(sources: Iterable<RollupSource>): RollupRow[] {
  return [...accumulate(new Map(), sources).values()];
}

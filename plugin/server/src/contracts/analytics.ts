/** `GET /cxm/analytics/{overview,matrix,personas,goals}`: dashboard figures read from rollups. */
import type {
  goalsOf,
  Interval,
  MatrixRow,
  matrixOf,
  personaMixOf,
  SeriesPoint,
} from '../core/analytics';

export type { Interval, MatrixRow, SeriesPoint } from '../core/analytics';
export type { RollupFigures } from '../core/rollups';

/** The query of every analytics route; the server defaults to the last 30 days by day. */
export interface AnalyticsQuery {
  /** YYYY-MM-DD */
  from?: string;
  /** YYYY-MM-DD */
  to?: string;
  /** only `overview` reads it */
  interval?: Interval;
}

/** The period an answer covers, as the server resolved the query. */
export interface AnalyticsPeriod {
  from: string;
  to: string;
  interval: Interval;
}

export interface AnalyticsOverview extends AnalyticsPeriod {
  series: SeriesPoint[];
}

/** A campaign row carries the campaign's name; channel rows have null there. */
export type NamedMatrixRow = MatrixRow & { campaignName?: string | null };

/** The campaign / channel matrix with the period's totals. */
export type AnalyticsMatrix = AnalyticsPeriod &
  ReturnType<typeof matrixOf> & { campaigns: Array<MatrixRow & { campaignName: string | null }> };
export type AnalyticsTotals = ReturnType<typeof matrixOf>['totals'];

/** `name` is the persona's name; null with `persona` for visits before any persona matched */
export type PersonaMixRow = ReturnType<typeof personaMixOf>[number] & { name: string | null };
export interface AnalyticsPersonas extends AnalyticsPeriod {
  personas: PersonaMixRow[];
}

export type GoalFigures = ReturnType<typeof goalsOf>[number] & { name: string };
export interface AnalyticsGoals extends AnalyticsPeriod {
  goals: GoalFigures[];
}

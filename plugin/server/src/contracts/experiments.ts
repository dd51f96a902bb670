/**
 * `GET|POST /cxm/experiments`, `GET|PUT /cxm/experiments/:documentId`, `POST …/start`,
 * `POST …/stop`, `GET …/results`, `POST …/promote`.
 */
import type { ExperimentVariant, VariantFigures } from '../core/experiments';
import type { SampleRatioMismatchResult, Verdict, ZTestResult } from '../core/stats';

export { HOLDOUT_KEY } from '../core/experiments';
export type { ExperimentVariant } from '../core/experiments';
export type { SampleRatioMismatchResult, Verdict, VerdictStatus, ZTestResult } from '../core/stats';

/** The states of the experiment content type (its `state` enumeration), in their order. */
export const EXPERIMENT_STATES = ['draft', 'running', 'stopped', 'completed'] as const;
export type ExperimentState = (typeof EXPERIMENT_STATES)[number];

export interface ExperimentSummary {
  documentId: string;
  slug: string;
  name: string;
  state: ExperimentState;
  baseUid: string;
  baseDocumentId: string;
  /** the base entry's title, or its documentId when it is gone */
  baseTitle: string;
  winner: string | null;
}

/** `GET /cxm/experiments/:documentId`: everything the Experiments form edits. */
export interface ExperimentDetail extends ExperimentSummary {
  hypothesis: string | null;
  variants: ExperimentVariant[];
  coverage: number;
  holdout: number;
  successGoals: string[];
  minimumSample: number;
  startedAt: string | null;
  stoppedAt: string | null;
}

/** `POST /cxm/experiments`: a draft; its variants and goals may still be empty (starting needs them). */
export interface ExperimentCreateInput {
  name: string;
  hypothesis?: string | null;
  baseUid: string;
  baseDocumentId: string;
  variants?: ExperimentVariant[];
  coverage?: number;
  holdout?: number;
  successGoals?: string[];
  minimumSample?: number;
}

/** `PUT /cxm/experiments/:documentId`: only the fields given change. */
export type ExperimentUpdateInput = Partial<ExperimentCreateInput>;

/** One variant's figures (the holdout's too, last), with the test against the control for challengers. */
export interface VariantResult extends VariantFigures {
  conversionRate: number;
  /** 95 % Wilson interval of the conversion rate; [0, 1] without visitors */
  conversionInterval95: [number, number];
  valuePerVisitor: number;
  /** absent for the control and for variants without visitors */
  test?: ZTestResult;
  chanceToBeatControl?: number;
}

export interface ExperimentResults {
  experiment: {
    documentId: string;
    slug: string;
    name: string;
    state: ExperimentState;
    hypothesis: string | null;
    /** absent while the experiment names no goal */
    primaryGoal: string | null;
    minimumSample: number | null;
    winner: string | null;
  };
  variants: VariantResult[];
  sampleRatio: SampleRatioMismatchResult;
  verdict: Verdict;
}

export interface PromoteRequest {
  /** the key of the winning variant */
  variant: string;
}

export interface PromoteResult {
  state: 'completed';
  winner: string;
}

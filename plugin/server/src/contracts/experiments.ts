/** `GET /cxm/experiments`, `GET /cxm/experiments/:documentId/results`, `POST …/promote`. */
import type { VariantFigures } from '../core/experiments';
import type { SampleRatioMismatchResult, Verdict, ZTestResult } from '../core/stats';

export { HOLDOUT_KEY } from '../core/experiments';
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
  winner: string | null;
}

/** One variant's figures (the holdout's too, last), with the test against the control for challengers. */
export interface VariantResult extends VariantFigures {
  conversionRate: number;
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
    primaryGoal: string;
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

import type { ExperimentState } from '../../../server/src/contracts';
import type { Translate } from './translate';

/** An experiment's state in the admin's language; a state this version does not know, as stored. */
export function formatExperimentState(t: Translate, state: string): string {
  switch (state as ExperimentState) {
    case 'draft':
      return t('experiments.state.draft', 'draft');
    case 'running':
      return t('experiments.state.running', 'running');
    case 'stopped':
      return t('experiments.state.stopped', 'stopped');
    case 'completed':
      return t('experiments.state.completed', 'completed');
    default:
      return state;
  }
}

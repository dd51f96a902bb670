import { defineMessages, type IntlShape } from 'react-intl';

/** The states of the experiment content type (its `state` enumeration). */
const STATES = defineMessages({
  draft: { id: 'cxm.experiments.state.draft', defaultMessage: 'draft' },
  running: { id: 'cxm.experiments.state.running', defaultMessage: 'running' },
  stopped: { id: 'cxm.experiments.state.stopped', defaultMessage: 'stopped' },
  completed: { id: 'cxm.experiments.state.completed', defaultMessage: 'completed' },
});

/** An experiment's state in the admin's language; a state this version does not know, as stored. */
export const formatExperimentState = (
  formatMessage: IntlShape['formatMessage'],
  state: string
): string =>
  Object.hasOwn(STATES, state) ? formatMessage(STATES[state as keyof typeof STATES]) : state;

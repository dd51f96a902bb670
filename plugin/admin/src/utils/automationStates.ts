import type { AutomationState } from '../../../server/src/contracts';
import { useTranslate } from './translate';

/** An automation's state in the admin's language. */
export function useAutomationStateLabel() {
  const t = useTranslate();
  return (state: AutomationState) =>
    ({
      draft: t('automations.state.draft', 'Draft'),
      active: t('automations.state.active', 'Active'),
      paused: t('automations.state.paused', 'Paused'),
      archived: t('automations.state.archived', 'Archived'),
    })[state];
}

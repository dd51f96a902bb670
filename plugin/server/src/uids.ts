export const UIDS = {
  profile: 'plugin::cxm.profile',
  profileKey: 'plugin::cxm.profile-key',
  persona: 'plugin::cxm.persona',
  goal: 'plugin::cxm.goal',
  campaign: 'plugin::cxm.campaign',
  variantRule: 'plugin::cxm.variant-rule',
  experiment: 'plugin::cxm.experiment',
  contentTag: 'plugin::cxm.content-tag',
  contact: 'plugin::cxm.contact',
  visit: 'plugin::cxm.visit',
  interaction: 'plugin::cxm.interaction',
  rollup: 'plugin::cxm.rollup',
  automation: 'plugin::cxm.automation',
  automationVersion: 'plugin::cxm.automation-version',
  enrollment: 'plugin::cxm.enrollment',
  stepLog: 'plugin::cxm.step-log',
  trackedLink: 'plugin::cxm.tracked-link',
  lease: 'plugin::cxm.lease',
  deadLetter: 'plugin::cxm.dead-letter',
  erasure: 'plugin::cxm.erasure',
} as const;

/** Types whose change must recompile the in-memory definitions. */
export const DEFINITION_UIDS: ReadonlySet<string> = new Set([
  UIDS.profile,
  UIDS.profileKey,
  UIDS.persona,
  UIDS.goal,
  UIDS.campaign,
  UIDS.variantRule,
  UIDS.experiment,
  UIDS.contentTag,
]);

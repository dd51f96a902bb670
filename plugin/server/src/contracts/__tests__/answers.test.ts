/**
 * What each admin route answers, against its contract: the services' own return types must be
 * assignable to the types the admin reads (checked by `npm run typecheck`; a service that drops
 * or renames a field the admin uses fails the build, not a marketer's page).
 */
import type { Service, ServiceName } from '../../get-service';
import type {
  AnalyticsGoals,
  AnalyticsMatrix,
  AnalyticsOverview,
  AnalyticsPersonas,
  Automation,
  AutomationStats,
  Campaign,
  CampaignLink,
  CampaignList,
  Catalog,
  ContactErased,
  Deleted,
  DocumentOption,
  EnrollmentList,
  ExperimentDetail,
  ExperimentResults,
  ExperimentSummary,
  GeoResult,
  GeoStatus,
  Goal,
  Persona,
  Profile,
  ProfileDeleted,
  RuleSet,
  RuleSetList,
  RuleValidation,
  RuntimeOptions,
  Simulation,
  SimulatorTargets,
  Tagging,
  TagSaved,
  VariantCreated,
} from '..';

/** The resolved answer of `method` of service `name`. */
type Answer<
  Name extends ServiceName,
  Method extends keyof Service<Name>,
> = Service<Name>[Method] extends (...args: never[]) => infer Result ? Awaited<Result> : never;

/** Compiles only when `Actual` can be used where the admin expects `Contract`. */
type Fits<Actual extends Contract, Contract> = Actual extends Contract ? true : never;

/**
 * Not listed: the contacts list and detail, which pass the stored contact, visit and interaction
 * rows through as the database returns them (JSON columns, dates); the API tests check those.
 */
const answersFitContracts = {
  overview: true satisfies Fits<Answer<'analytics', 'overview'>, AnalyticsOverview>,
  matrix: true satisfies Fits<Answer<'analytics', 'matrix'>, AnalyticsMatrix>,
  personaMix: true satisfies Fits<Answer<'analytics', 'personas'>, AnalyticsPersonas>,
  goalFigures: true satisfies Fits<Answer<'analytics', 'goals'>, AnalyticsGoals>,
  campaigns: true satisfies Fits<Answer<'campaigns', 'list'>['campaigns'], CampaignList['data']>,
  campaign: true satisfies Fits<Answer<'campaigns', 'create'>, Campaign>,
  erased: true satisfies Fits<Answer<'contacts', 'erase'>, ContactErased>,
  experiments: true satisfies Fits<Answer<'experiments', 'list'>, ExperimentSummary[]>,
  experiment: true satisfies Fits<Answer<'experiments', 'update'>, ExperimentDetail>,
  results: true satisfies Fits<Answer<'experiments', 'results'>, ExperimentResults>,
  goals: true satisfies Fits<Answer<'goals', 'list'>, Goal[]>,
  goal: true satisfies Fits<Answer<'goals', 'create'>, Goal>,
  personas: true satisfies Fits<Answer<'personas', 'list'>, Persona[]>,
  persona: true satisfies Fits<Answer<'personas', 'update'>, Persona>,
  personaDeleted: true satisfies Fits<Answer<'personas', 'delete'>, Deleted>,
  profiles: true satisfies Fits<Answer<'profiles', 'list'>, Profile[]>,
  profile: true satisfies Fits<Answer<'profiles', 'update'>, Profile | null>,
  profileDeleted: true satisfies Fits<Answer<'profiles', 'delete'>, ProfileDeleted>,
  ruleSets: true satisfies Fits<Answer<'rule-sets', 'list'>, RuleSetList>,
  ruleSet: true satisfies Fits<Answer<'rule-sets', 'update'>, RuleSet>,
  ruleCheck: true satisfies Fits<Answer<'rule-sets', 'check'>, RuleValidation>,
  catalog: true satisfies Fits<Answer<'rule-catalog', 'catalog'>, Catalog>,
  documents: true satisfies Fits<Answer<'rule-catalog', 'documents'>, DocumentOption[]>,
  targets: true satisfies Fits<Answer<'simulator', 'targets'>, SimulatorTargets>,
  simulation: true satisfies Fits<Answer<'simulator', 'simulate'>, Simulation>,
  tagging: true satisfies Fits<Answer<'tagging', 'panel'>, Tagging>,
  tagSaved: true satisfies Fits<Answer<'tagging', 'save'>, TagSaved>,
  variant: true satisfies Fits<Answer<'variants', 'create'>, VariantCreated>,
  options: true satisfies Fits<Answer<'settings', 'describe'>, RuntimeOptions>,
  geoStatus: true satisfies Fits<Answer<'geoip', 'status'>, GeoStatus>,
  geoLookup: true satisfies Fits<Answer<'geoip', 'lookup'>, GeoResult | null>,
  automations: true satisfies Fits<Answer<'automations', 'list'>, Automation[]>,
  automation: true satisfies Fits<Answer<'automations', 'activate'>, Automation>,
  automationStats: true satisfies Fits<Answer<'automations', 'stats'>, AutomationStats>,
  enrollments: true satisfies Fits<Answer<'automations', 'enrollments'>, EnrollmentList>,
  campaignLinks: true satisfies Fits<
    Answer<'tracked-links', 'listCampaignLinks'>[number],
    Omit<CampaignLink, 'link'>
  >,
};

test('every admin answer is checked against its contract', () => {
  expect(Object.values(answersFitContracts).every(Boolean)).toBe(true);
});

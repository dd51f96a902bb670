/**
 * The contracts against what they describe: the experiment states equal to the content type's,
 * request types the same as what the routes' schemas accept (checked by `npm run typecheck`),
 * and a runtime import graph the admin can bundle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import {
  EXPERIMENT_STATES,
  type AnalyticsQuery,
  type AutomationInput,
  type AutomationValidationRequest,
  type CampaignLinkInput,
  type EnrollmentsQuery,
  type CampaignCreateInput,
  type CampaignUpdateInput,
  type ContactsQuery,
  type ExperimentCreateInput,
  type ExperimentUpdateInput,
  type GoalInput,
  type PersonaCreateInput,
  type PersonasQuery,
  type PersonaUpdateInput,
  type ProfileInput,
  type ProfileKeyInput,
  type RuleEdit,
  type RuleSetCreateInput,
  type RuleSetUpdateInput,
  type RuleValidationRequest,
  type SettingsOverrides,
  type SimulationRequest,
  type TaggingQuery,
  type TagInput,
  type VariantRequest,
} from '..';
import experimentSchema from '../../content-types/experiment/schema.json';
import type { analyticsQuerySchema } from '../../validation/analytics';
import type {
  automationSchema,
  campaignLinkSchema,
  flowSchema,
  listEnrollmentsSchema,
  triggerSchema,
} from '../../validation/automations';
import type { campaignCreateSchema, campaignUpdateSchema } from '../../validation/campaigns';
import type { contactsQuerySchema } from '../../validation/contacts';
import type { experimentCreateSchema, experimentUpdateSchema } from '../../validation/experiments';
import type { goalSchema } from '../../validation/goals';
import type {
  personaCreateSchema,
  personasQuerySchema,
  personaUpdateSchema,
  profileKeySchema,
  profileSchema,
} from '../../validation/profiles';
import type {
  ruleSetCreateSchema,
  ruleSetUpdateSchema,
  ruleValidationSchema,
} from '../../validation/rules';
import type { settingsOverridesSchema } from '../../validation/settings';
import type { simulateSchema } from '../../validation/simulator';
import type { taggingBodySchema, taggingQuerySchema } from '../../validation/tagging';
import type { createVariantSchema, ruleEditSchema } from '../../validation/variants';

/** true when the contract and the schema's input are the same type; `false` fails the typecheck below. */
type Same<Contract, Schema extends z.ZodType> = [Contract] extends [z.input<Schema>]
  ? [z.input<Schema>] extends [Contract]
    ? true
    : false
  : false;
/** For schemas that coerce (query strings): whatever the contract allows, the schema takes. */
type Accepted<Contract, Schema extends z.ZodType> = [Contract] extends [z.input<Schema>]
  ? true
  : false;

const requestsMatchSchemas = {
  goal: true satisfies Same<GoalInput, typeof goalSchema>,
  profile: true satisfies Same<ProfileInput, typeof profileSchema>,
  profileKey: true satisfies Same<ProfileKeyInput, typeof profileKeySchema>,
  personaCreate: true satisfies Same<PersonaCreateInput, typeof personaCreateSchema>,
  personaUpdate: true satisfies Same<PersonaUpdateInput, typeof personaUpdateSchema>,
  personasQuery: true satisfies Same<PersonasQuery, typeof personasQuerySchema>,
  campaignCreate: true satisfies Same<CampaignCreateInput, typeof campaignCreateSchema>,
  campaignUpdate: true satisfies Same<CampaignUpdateInput, typeof campaignUpdateSchema>,
  experimentCreate: true satisfies Same<ExperimentCreateInput, typeof experimentCreateSchema>,
  experimentUpdate: true satisfies Same<ExperimentUpdateInput, typeof experimentUpdateSchema>,
  ruleSetCreate: true satisfies Same<RuleSetCreateInput, typeof ruleSetCreateSchema>,
  ruleSetUpdate: true satisfies Same<RuleSetUpdateInput, typeof ruleSetUpdateSchema>,
  ruleValidation: true satisfies Same<RuleValidationRequest, typeof ruleValidationSchema>,
  simulation: true satisfies Same<SimulationRequest, typeof simulateSchema>,
  tag: true satisfies Same<TagInput, typeof taggingBodySchema>,
  taggingQuery: true satisfies Same<TaggingQuery, typeof taggingQuerySchema>,
  variant: true satisfies Same<VariantRequest, typeof createVariantSchema>,
  ruleEdit: true satisfies Accepted<RuleEdit, typeof ruleEditSchema>,
  settings: true satisfies Same<SettingsOverrides, typeof settingsOverridesSchema>,
  contactsQuery: true satisfies Accepted<ContactsQuery, typeof contactsQuerySchema>,
  analyticsQuery: true satisfies Same<AnalyticsQuery, typeof analyticsQuerySchema>,
  automation: true satisfies Accepted<AutomationInput, typeof automationSchema>,
  automationValidation: true satisfies Accepted<
    AutomationValidationRequest,
    z.ZodObject<{ trigger: typeof triggerSchema; flow: typeof flowSchema }>
  >,
  campaignLink: true satisfies Same<CampaignLinkInput, typeof campaignLinkSchema>,
  enrollmentsQuery: true satisfies Accepted<EnrollmentsQuery, typeof listEnrollmentsSchema>,
};

test('every request type is checked against its route schema', () => {
  expect(Object.values(requestsMatchSchemas).every(Boolean)).toBe(true);
});

test("the experiment states equal the content type's enumeration", () => {
  expect(EXPERIMENT_STATES).toEqual(experimentSchema.attributes.state.enum);
});

/** The modules a file imports at runtime (type-only imports and exports are left out by the bundler). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    ([, specifier]) => specifier
  );
}

test('the contracts import nothing at runtime but pure modules of this package', () => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeImports(file)) {
      // a package or a Node built-in would end up in the admin bundle
      expect({ file, specifier, relative: specifier.startsWith('.') }).toEqual({
        file,
        specifier,
        relative: true,
      });
      visit(`${resolve(dirname(file), specifier)}.ts`);
    }
  };
  visit(join(__dirname, '..', 'index.ts'));
  expect(seen.size).toBeGreaterThan(10);
});

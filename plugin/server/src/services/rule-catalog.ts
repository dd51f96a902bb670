/** What the Rules page's condition builder offers: the context paths, their operators and known values. */
import type { Core } from '@strapi/strapi';
import { notAContentType } from '../core/issues';
import { operatorsFor, type PathSpec } from '../core/rules';
import { CHANNELS } from '../core/channels';
import { COUNTRY_CODES } from '../core/countries';
import { DEVICE_CLASSES } from '../core/device';
import type { CampaignRecord, PersonaRecord } from '../records';
import { badRequest } from '../refusals';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';

type Suggestion = { value: string; label: string };

/** Which list of known values the admin offers as operands of a path (or of every path under a prefix). */
const VALUE_SUGGESTIONS: Record<string, string> = {
  persona: 'persona',
  topKey: 'profileKey',
  'goals.ever': 'goal',
  'goals.visit': 'goal',
  'goals.withinDays.': 'goal',
  campaign: 'campaign',
  channel: 'channel',
  device: 'device',
  'geo.country': 'country',
};
/** Which list the admin offers for the name after a prefix. */
const NAME_SUGGESTIONS: Record<string, string> = { 'scores.': 'profileKey' };

const describePath = (spec: PathSpec) => ({
  type: spec.type,
  array: !!spec.array,
  reads: spec.reads,
  description: spec.description,
  operators: operatorsFor(spec),
  format: spec.valueFormat?.hint ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async catalog() {
    const defs = await getService(strapi, 'definitions').get();
    const [personas, campaigns] = await Promise.all([
      strapi.db.query(UIDS.persona).findMany({ orderBy: { name: 'asc' } }) as Promise<
        PersonaRecord[]
      >,
      strapi.db.query(UIDS.campaign).findMany({ orderBy: { name: 'asc' } }) as Promise<
        CampaignRecord[]
      >,
    ]);
    const suggestions: Record<string, Suggestion[]> = {
      persona: personas.map((persona) => ({ value: persona.slug, label: persona.name })),
      profileKey: [...defs.keyNames].map(([value, label]) => ({ value, label })),
      goal: [...defs.goals.values()].map((goal) => ({ value: goal.slug, label: goal.name })),
      campaign: campaigns.map((campaign) => ({ value: campaign.slug, label: campaign.name })),
      channel: CHANNELS.map((channel) => ({ value: channel, label: channel })),
      device: DEVICE_CLASSES.map((device) => ({ value: device, label: device })),
      country: COUNTRY_CODES.map((code) => ({ value: code, label: code })),
    };
    return {
      paths: Object.entries(defs.catalog.exact).map(([path, spec]) => ({
        path,
        ...describePath(spec),
        suggestions: VALUE_SUGGESTIONS[path] ?? null,
      })),
      prefixes: Object.entries(defs.catalog.prefixes).map(([prefix, spec]) => ({
        prefix,
        ...describePath(spec),
        suggestions: VALUE_SUGGESTIONS[prefix] ?? null,
        nameFormat: spec.nameFormat?.hint ?? null,
        nameSuggestions: NAME_SUGGESTIONS[prefix] ?? null,
      })),
      suggestions,
    };
  },

  /** The documents a rule set of `uid` can name as its base or variants. */
  async documents(uid: string) {
    if (!strapi.contentType(contentTypeUid(uid))) throw badRequest(notAContentType(uid));
    return [...(await getService(strapi, 'documents').summariesOf(uid)).values()];
  },
});

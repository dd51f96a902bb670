/**
 * The admin's simulator: which variant a document serves to a described visitor, and why. It
 * makes the serving decision of the Content API (core/serving) for a simulated visitor, and
 * explains every rule of the document, disabled ones included.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { explainRuleSet, type VariantRuleDef } from '../core/rules';
import { simulatedSnapshot } from '../core/simulation';
import { createContextReader } from '../core/visitor-context';
import { decideServing, DEFAULT_LABEL } from '../core/serving';
import { stickyVariant, type StoredAssignment } from '../core/experiments';
import { previewFields } from '../core/preview';
import type { SimulationInput } from '../validation/simulator';
import { documentKey, type Definitions } from './definitions';
import { UIDS } from '../uids';
import { getService } from '../get-service';

interface VariantRuleRow {
  documentId: string;
  name: string | null;
  baseUid: string;
  baseDocumentId: string;
  rules: VariantRuleDef[];
}

interface NamedRow {
  slug: string;
  name: string;
}
interface CampaignRow extends NamedRow {
  channel: string | null;
}

/** The context paths the simulator shows, as the rules read them. */
const SHOWN_PATHS = [
  'persona',
  'topKey',
  'geo.country',
  'geo.city',
  'channel',
  'campaign',
  'device',
  'language',
  'referrer.host',
  'time.hour',
  'time.weekday',
  'date',
  'visit.returning',
  'contact.identified',
];

/** The simulated visitor's clock: a local date and time (YYYY-MM-DDTHH:mm) read as UTC, the simulated visitor's time zone. */
const clockOf = (at: string | undefined) => (at ? Date.parse(`${at}:00Z`) : Date.now());

const byName = (rows: NamedRow[]) => Object.fromEntries(rows.map((row) => [row.slug, row.name]));

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The documents that have variant rules, and what a simulated visitor can be given: personas,
   * profiles with their keys' ranges, goals and campaigns, all named.
   */
  async targets() {
    const defs: Definitions = await getService(strapi, 'definitions').get();
    const [rows, personas, profiles, campaigns] = await Promise.all([
      strapi.db.query(UIDS.variantRule).findMany({ where: { enabled: true } }) as Promise<
        VariantRuleRow[]
      >,
      strapi.db.query(UIDS.persona).findMany({ orderBy: { name: 'asc' } }) as Promise<NamedRow[]>,
      strapi.db
        .query(UIDS.profile)
        .findMany({ select: ['slug', 'name'], orderBy: { name: 'asc' } }) as Promise<NamedRow[]>,
      strapi.db.query(UIDS.campaign).findMany({
        select: ['slug', 'name', 'channel'],
        orderBy: { name: 'asc' },
      }) as Promise<CampaignRow[]>,
    ]);
    const profileNames = byName(profiles);
    return {
      targets: rows.map((row) => ({
        uid: row.baseUid,
        documentId: row.baseDocumentId,
        name: row.name ?? row.baseDocumentId,
      })),
      personas: personas.map((persona) => ({ slug: persona.slug, name: persona.name })),
      profiles: defs.profiles.map((profile) => ({
        slug: profile.slug,
        name: profileNames[profile.slug] ?? profile.slug,
        keys: profile.keys.map((key) => ({
          slug: key.slug,
          name: defs.keyNames.get(key.slug) ?? key.slug,
          min: key.min,
          max: key.max,
        })),
      })),
      goals: [...defs.goals.values()]
        .map((goal) => ({ slug: goal.slug, name: goal.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      campaigns: campaigns.map(({ slug, name, channel }) => ({ slug, name, channel })),
    };
  },

  /** Slug → name of everything a rule may compare with, so that an explanation reads in names. */
  async names(defs: Definitions) {
    const campaigns = (await strapi.db
      .query(UIDS.campaign)
      .findMany({ select: ['slug', 'name'] })) as NamedRow[];
    return {
      persona: Object.fromEntries(defs.personaNames),
      goal: Object.fromEntries([...defs.goals.values()].map((goal) => [goal.slug, goal.name])),
      campaign: byName(campaigns),
      profileKey: Object.fromEntries(defs.keyNames),
    };
  },

  /** Serves the document to the described visitor; throws when it has neither enabled rules nor an experiment. */
  async simulate({ uid, documentId, context }: SimulationInput) {
    const defs: Definitions = await getService(strapi, 'definitions').get();
    const key = documentKey(uid, documentId);
    const row = (await strapi.db.query(UIDS.variantRule).findOne({
      where: { baseUid: uid, baseDocumentId: documentId, enabled: true },
    })) as VariantRuleRow | null;
    const running = defs.experiments.get(key);
    if (!row && !running)
      throw new errors.NotFoundError('This document has no enabled variant rules');
    // an experiment buckets a visitor id, or keeps an assignment: without either the visitor is simulated outside it
    const inExperiment = !!running && !!(context.visitorId || context.assignment);
    const assignment: StoredAssignment | undefined = context.assignment
      ? { variant: context.assignment, at: 0 }
      : undefined;
    // a visitor with no assignment the experiment still has is bucketed, which takes an id
    if (inExperiment && !context.visitorId && !stickyVariant(running, assignment))
      throw new errors.ValidationError(
        `Experiment ${running.slug} has no variant '${context.assignment}': name a visitor id to bucket`
      );

    const { personaMinViews } = getService(strapi, 'settings').get();
    const { snapshot, matches } = simulatedSnapshot(
      context,
      defs.profiles,
      defs.personas,
      personaMinViews,
      clockOf(context.at)
    );
    const read = createContextReader(snapshot);
    const decision = decideServing({
      documentId,
      rules: defs.rules.get(key)?.ruleSet,
      experiment: inExperiment ? running : undefined,
      visitorId: context.visitorId ?? '',
      assignment,
      consent: snapshot.contact.consent,
      reader: () => read,
    });
    const explained = row ? explainRuleSet(row.rules, read, defs.catalog).rules : [];

    // the Content API serves the base when the variant is not published: so does the simulation
    const variantId = decision?.variant ?? null;
    const variant = variantId
      ? await strapi
          .documents(uid as UID.ContentType) // a validated api:: uid; Strapi types documents per uid
          .findOne({ documentId: variantId, status: 'published' })
      : null;
    const served: Record<string, unknown> | null =
      variant ??
      (await strapi.documents(uid as UID.ContentType).findOne({ documentId, status: 'published' }));
    const label = variantId && !variant ? DEFAULT_LABEL : decision?.label;
    const documents = getService(strapi, 'documents');
    const mainField = await documents.mainFieldOf(uid);
    const attributes = (strapi.contentType(uid as UID.ContentType)?.attributes ?? {}) as Record<
      string,
      { type: string }
    >;
    return {
      /** the rule set's documentId: where the rule builder edits these rules */
      ruleSet: row?.documentId ?? null,
      served: {
        rule: decision?.rule ?? DEFAULT_LABEL,
        documentId: variant && variantId ? variantId : documentId,
        title: await documents.titleOf(uid, served),
        /** the entry's main text fields as plain text */
        preview: previewFields(attributes, served, mainField),
        /** what the `X-CXM-Variant` header names for this document; null when nothing applies */
        label: label ?? null,
        experimentVariant: decision?.experimentVariant ?? null,
      },
      /** a real visitor would now be recorded as exposed to this experiment variant */
      exposure: decision?.exposure ?? null,
      rules: explained,
      personas: matches.map(({ profile, match }) => ({
        profile,
        persona: match?.persona ?? null,
        distances: match?.distances ?? [],
      })),
      context: Object.fromEntries(SHOWN_PATHS.map((path) => [path, read(path) ?? null])),
      names: await this.names(defs),
      experiment:
        running && !inExperiment
          ? `Experiment ${running.slug} is running on this document: real visitors are bucketed before these rules apply. Name a visitor id or an assignment to simulate it.`
          : null,
    };
  },
});

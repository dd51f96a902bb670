import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import {
  operatorsFor,
  validateCondition,
  validateRuleSet,
  type PathSpec,
  type RuleIssue,
} from '../core/rules';
import { CHANNELS } from '../core/channels';
import { COUNTRY_CODES } from '../core/countries';
import { DEVICE_CLASSES } from '../core/device';
import {
  ruleDocumentsQuerySchema,
  ruleSetCreateSchema,
  ruleSetUpdateSchema,
  ruleValidationSchema,
} from '../validation/rules';
import { issuesOf, refuse } from '../validation/issues';
import type { Definitions } from '../services/definitions';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;
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

/** The fields that name a document in lists, by preference; the documentId when a type has none of them. */
const TITLE_FIELDS = ['title', 'name', 'label', 'headline', 'slug'];
const MAX_DOCUMENTS = 1000;

const describePath = (spec: PathSpec) => ({
  type: spec.type,
  array: !!spec.array,
  reads: spec.reads,
  description: spec.description,
  operators: operatorsFor(spec),
  format: spec.valueFormat?.hint ?? null,
});

/** Admin: variant rule sets edited with the condition builder, and what the builder offers. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ruleSets = () => strapi.documents(UIDS.variantRule as any);
  const definitions = (): Promise<Definitions> => getService(strapi, 'definitions').get();
  const definitionIssues = (data: Record<string, unknown>): Promise<RuleIssue[]> =>
    getService(strapi, 'definition-writes').issuesOf(UIDS.variantRule, data);

  /** Content types whose documents can get variants: the app's own types. */
  const personalizableTypes = () =>
    Object.values(strapi.contentTypes as unknown as Record<string, Row>)
      .filter((type) => type.uid.startsWith('api::'))
      .map((type) => ({
        uid: type.uid as string,
        displayName: (type.info?.displayName as string) ?? type.uid,
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));

  const titleFieldOf = (uid: string) =>
    TITLE_FIELDS.find((field) => strapi.contentType(uid as any)?.attributes?.[field]);

  /** Title and slug of the given documents of a type (all of them when `ids` is absent), by documentId. */
  async function documentsOf(
    uid: string,
    ids?: string[]
  ): Promise<Map<string, { documentId: string; title: string; slug: string | null }>> {
    const titleField = titleFieldOf(uid);
    const hasSlug = !!strapi.contentType(uid as any)?.attributes?.slug;
    const fields = [titleField, hasSlug ? 'slug' : undefined].filter(
      (field): field is string => !!field
    );
    const rows = (await strapi.documents(uid as any).findMany({
      ...(ids ? { filters: { documentId: { $in: ids } } } : {}),
      fields,
      ...(titleField ? { sort: titleField } : {}),
      limit: MAX_DOCUMENTS,
    } as any)) as Row[];
    return new Map(
      rows.map((row) => [
        row.documentId,
        {
          documentId: row.documentId,
          title: String((titleField && row[titleField]) || row.documentId),
          slug: row.slug ?? null,
        },
      ])
    );
  }

  /** The rule's variants that are not documents of the base's type, or are the base itself. */
  async function variantIssues(
    baseUid: string,
    baseDocumentId: string | undefined,
    rules: unknown[]
  ): Promise<RuleIssue[]> {
    const variantOf = (rule: unknown) =>
      rule && typeof rule === 'object' ? (rule as Row).variant : undefined;
    const ids = [
      ...new Set(
        rules.map(variantOf).filter((id): id is string => typeof id === 'string' && id !== '')
      ),
    ];
    const existing = ids.length > 0 ? await documentsOf(baseUid, ids) : new Map();
    const issues: RuleIssue[] = [];
    rules.forEach((rule, index) => {
      const variant = variantOf(rule);
      if (typeof variant !== 'string' || variant === '') return;
      if (variant === baseDocumentId)
        issues.push({
          path: `rules[${index}].variant`,
          message: 'is the base document itself; choose null to serve the base',
        });
      else if (!existing.has(variant))
        issues.push({
          path: `rules[${index}].variant`,
          message: `'${variant}' is not a document of ${baseUid}`,
        });
    });
    return issues;
  }

  async function shapeRuleSet(row: Row, types: Map<string, string>) {
    const rules: Row[] = Array.isArray(row.rules) ? row.rules : [];
    const ids = [
      row.baseDocumentId,
      ...rules.map((rule) => rule?.variant).filter((id): id is string => typeof id === 'string'),
    ];
    const documents = strapi.contentType(row.baseUid)
      ? await documentsOf(row.baseUid, [...new Set(ids)])
      : new Map();
    return {
      documentId: row.documentId,
      name: row.name ?? null,
      enabled: row.enabled !== false,
      baseUid: row.baseUid,
      baseDocumentId: row.baseDocumentId,
      typeName: types.get(row.baseUid) ?? row.baseUid,
      base: documents.get(row.baseDocumentId) ?? {
        documentId: row.baseDocumentId,
        title: row.baseDocumentId,
        slug: null,
      },
      rules,
      variants: Object.fromEntries(
        rules
          .filter((rule) => typeof rule?.variant === 'string')
          .map((rule) => [rule.variant, documents.get(rule.variant)?.title ?? rule.variant])
      ),
    };
  }

  const typeNames = () =>
    new Map(personalizableTypes().map((type) => [type.uid, type.displayName]));
  const ruleSetOf = (documentId: string) =>
    strapi.db.query(UIDS.variantRule).findOne({ where: { documentId } }) as Promise<Row | null>;
  const invalid = (ctx: Context, issues: RuleIssue[]) => refuse(ctx, 'rule set', issues);

  return {
    async find(ctx: Context) {
      const rows = (await strapi.db
        .query(UIDS.variantRule)
        .findMany({ orderBy: { createdAt: 'asc' } })) as Row[];
      const types = typeNames();
      ctx.body = {
        data: {
          ruleSets: await Promise.all(rows.map((row) => shapeRuleSet(row, types))),
          types: personalizableTypes(),
        },
      };
    },

    async catalog(ctx: Context) {
      const defs = await definitions();
      const [personas, campaigns] = await Promise.all([
        strapi.db.query(UIDS.persona).findMany({ orderBy: { name: 'asc' } }) as Promise<Row[]>,
        strapi.db.query(UIDS.campaign).findMany({ orderBy: { name: 'asc' } }) as Promise<Row[]>,
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
      ctx.body = {
        data: {
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
        },
      };
    },

    async documents(ctx: Context) {
      const parsed = ruleDocumentsQuerySchema.safeParse(ctx.query);
      if (!parsed.success)
        return ctx.badRequest('Invalid query', { errors: issuesOf(parsed.error) });
      if (!strapi.contentType(parsed.data.uid as any))
        return ctx.badRequest(`'${parsed.data.uid}' is not a content type of this app`);
      ctx.body = { data: [...(await documentsOf(parsed.data.uid)).values()] };
    },

    async validate(ctx: Context) {
      const parsed = ruleValidationSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Give a condition or rules', { errors: issuesOf(parsed.error) });
      const { catalog } = await definitions();
      const body = parsed.data;
      let issues: RuleIssue[];
      if ('condition' in body) issues = validateCondition(body.condition, catalog);
      else {
        issues = validateRuleSet(body.rules, catalog).map((issue) => ({
          ...issue,
          path: `rules${issue.path}`,
        }));
        if (body.baseUid && strapi.contentType(body.baseUid as any))
          issues.push(...(await variantIssues(body.baseUid, undefined, body.rules)));
      }
      ctx.body = { data: { valid: issues.length === 0, issues } };
    },

    async create(ctx: Context) {
      const parsed = ruleSetCreateSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule set', { errors: issuesOf(parsed.error) });
      const data = parsed.data;
      const issues = await definitionIssues(data);
      if (issues.length === 0) {
        if (!(await documentsOf(data.baseUid, [data.baseDocumentId])).has(data.baseDocumentId)) {
          issues.push({
            path: 'baseDocumentId',
            message: `'${data.baseDocumentId}' is not a document of ${data.baseUid}`,
          });
        } else if (
          await strapi.db
            .query(UIDS.variantRule)
            .findOne({ where: { baseUid: data.baseUid, baseDocumentId: data.baseDocumentId } })
        ) {
          issues.push({
            path: 'baseDocumentId',
            message: 'this document has a rule set already; edit that one',
          });
        }
        issues.push(...(await variantIssues(data.baseUid, data.baseDocumentId, data.rules)));
      }
      if (issues.length > 0) return invalid(ctx, issues);
      const created = (await ruleSets().create({ data } as any)) as Row;
      ctx.status = 201;
      ctx.body = { data: await shapeRuleSet(created, typeNames()) };
    },

    async update(ctx: Context) {
      const parsed = ruleSetUpdateSchema.safeParse(ctx.request.body);
      if (!parsed.success)
        return ctx.badRequest('Invalid rule set', { errors: issuesOf(parsed.error) });
      const existing = await ruleSetOf(ctx.params.documentId);
      if (!existing) return ctx.notFound('No such rule set');
      const data = parsed.data;
      const issues = await definitionIssues(data);
      if (issues.length === 0 && data.rules)
        issues.push(
          ...(await variantIssues(existing.baseUid, existing.baseDocumentId, data.rules))
        );
      if (issues.length > 0) return invalid(ctx, issues);
      const updated = (await ruleSets().update({
        documentId: existing.documentId,
        data,
      } as any)) as Row;
      ctx.body = { data: await shapeRuleSet(updated, typeNames()) };
    },

    async delete(ctx: Context) {
      const existing = await ruleSetOf(ctx.params.documentId);
      if (!existing) return ctx.notFound('No such rule set');
      await ruleSets().delete({ documentId: existing.documentId } as any);
      ctx.status = 204;
    },
  };
};

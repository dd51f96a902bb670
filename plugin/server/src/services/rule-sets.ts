/**
 * Every write of a variant rule set: the Rules page's create / update / delete, the variant the
 * Personalization panel appends and the panel's enable / move of one rule, and an experiment's
 * winner made the base document's default. Writes go through the Document Service, so
 * definition-writes validates them and recompiles the definitions like any other rule-set write.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { validateCondition, validateRuleSet, type RuleIssue } from '../core/rules';
import { preparedRule, withRuleEnabled, withRuleMoved } from '../core/variants';
import { documentData, type ExperimentRecord, type RuleSetRecord } from '../records';
import { badRequest, invalid } from '../refusals';
import type { RuleCheck, RuleSetInput } from '../validation/rules';
import type { RuleEdit } from '../validation/variants';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';
import type { DocumentOption } from '../contracts/common';
import type { RuleSet } from '../contracts/rules';

export type RuleSetUpdate = Partial<Pick<RuleSetInput, 'name' | 'rules' | 'enabled'>>;

const variantOf = (rule: unknown): unknown =>
  rule && typeof rule === 'object' ? (rule as { variant?: unknown }).variant : undefined;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ruleSets = () => strapi.documents(UIDS.variantRule);
  const documents = () => getService(strapi, 'documents');

  const ruleSetOf = async (documentId: string) =>
    (await ruleSets().findOne({ documentId })) as RuleSetRecord | null;
  /** The rule set of a base document (there is at most one). */
  const ruleSetFor = async (uid: string, documentId: string) =>
    (await ruleSets().findFirst({
      filters: { baseUid: uid, baseDocumentId: documentId },
    })) as RuleSetRecord | null;

  /** The rules' variants that are not documents of the base's type, or are the base itself. */
  async function variantIssues(
    baseUid: string,
    baseDocumentId: string | undefined,
    rules: unknown[]
  ): Promise<RuleIssue[]> {
    const ids = [
      ...new Set(
        rules.map(variantOf).filter((id): id is string => typeof id === 'string' && id !== '')
      ),
    ];
    const existing = ids.length > 0 ? await documents().summariesOf(baseUid, ids) : new Map();
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

  /** A rule set with the titles of its base and variants, as the Rules page lists it. */
  async function shaped(row: RuleSetRecord): Promise<RuleSet> {
    const rules = Array.isArray(row.rules) ? row.rules : [];
    const variants = rules
      .map((rule) => rule?.variant)
      .filter((id): id is string => typeof id === 'string');
    const summaries = strapi.contentType(contentTypeUid(row.baseUid))
      ? await documents().summariesOf(row.baseUid, [...new Set([row.baseDocumentId, ...variants])])
      : new Map<string, DocumentOption>();
    const typeNames = new Map(
      documents()
        .appContentTypes()
        .map((type) => [type.uid, type.displayName])
    );
    return {
      documentId: row.documentId,
      name: row.name ?? null,
      enabled: row.enabled !== false,
      baseUid: row.baseUid,
      baseDocumentId: row.baseDocumentId,
      typeName: typeNames.get(row.baseUid) ?? row.baseUid,
      base: summaries.get(row.baseDocumentId) ?? {
        documentId: row.baseDocumentId,
        title: row.baseDocumentId,
        slug: null,
      },
      rules,
      variants: Object.fromEntries(variants.map((id) => [id, summaries.get(id)?.title ?? id])),
    };
  }

  const definitionIssues = (data: Record<string, unknown>): Promise<RuleIssue[]> =>
    getService(strapi, 'definition-writes').issuesOf(UIDS.variantRule, data);

  return {
    /** Every rule set, oldest first, and the types whose documents can have rules. */
    async list() {
      const rows = (await ruleSets().findMany({ sort: { createdAt: 'asc' } })) as RuleSetRecord[];
      return {
        ruleSets: await Promise.all(rows.map(shaped)),
        types: documents().appContentTypes(),
      };
    },

    /** The problems of one condition, or of a rule set (with its variants, when the base type is given). */
    async check(body: RuleCheck): Promise<{ valid: boolean; issues: RuleIssue[] }> {
      const { catalog } = await getService(strapi, 'definitions').get();
      let issues: RuleIssue[];
      if ('condition' in body) issues = validateCondition(body.condition, catalog);
      else {
        issues = validateRuleSet(body.rules, catalog).map((issue) => ({
          ...issue,
          path: `rules${issue.path}`,
        }));
        if (body.baseUid && strapi.contentType(contentTypeUid(body.baseUid)))
          issues.push(...(await variantIssues(body.baseUid, undefined, body.rules)));
      }
      return { valid: issues.length === 0, issues };
    },

    /** A rule set for a document of the app that has none yet. */
    async create(data: RuleSetInput): Promise<RuleSet> {
      const issues = await definitionIssues(data);
      if (issues.length === 0) {
        const base = await documents().summariesOf(data.baseUid, [data.baseDocumentId]);
        if (!base.has(data.baseDocumentId)) {
          issues.push({
            path: 'baseDocumentId',
            message: `'${data.baseDocumentId}' is not a document of ${data.baseUid}`,
          });
        } else if (await ruleSetFor(data.baseUid, data.baseDocumentId)) {
          issues.push({
            path: 'baseDocumentId',
            message: 'this document has a rule set already; edit that one',
          });
        }
        issues.push(...(await variantIssues(data.baseUid, data.baseDocumentId, data.rules)));
      }
      if (issues.length > 0) throw invalid('rule set', issues);
      return shaped((await ruleSets().create({ data: documentData(data) })) as RuleSetRecord);
    },

    /** Only the fields given change; the base stays. */
    async update(documentId: string, data: RuleSetUpdate): Promise<RuleSet> {
      const existing = await ruleSetOf(documentId);
      if (!existing) throw new errors.NotFoundError('No such rule set');
      const issues = await definitionIssues(data);
      if (issues.length === 0 && data.rules)
        issues.push(
          ...(await variantIssues(existing.baseUid, existing.baseDocumentId, data.rules))
        );
      if (issues.length > 0) throw invalid('rule set', issues);
      return shaped(
        (await ruleSets().update({ documentId, data: documentData(data) })) as RuleSetRecord
      );
    },

    async delete(documentId: string): Promise<void> {
      if (!(await ruleSetOf(documentId))) throw new errors.NotFoundError('No such rule set');
      await ruleSets().delete({ documentId });
    },

    /**
     * Appends a disabled rule serving `variant` to the base's rule set (made when the base has
     * none, named after the base's title): the new copy is a variant at once, served to nobody yet.
     */
    async appendVariant(base: {
      uid: string;
      documentId: string;
      title: string;
      variant: { documentId: string; title: string };
    }): Promise<{ rule: string; ruleSet: string }> {
      const existing = await ruleSetFor(base.uid, base.documentId);
      const rule = preparedRule(existing?.rules ?? [], base.variant.title, base.variant.documentId);
      const ruleSet = existing
        ? await ruleSets().update({
            documentId: existing.documentId,
            data: documentData({ rules: [...existing.rules, rule] }),
          })
        : await ruleSets().create({
            data: documentData({
              name: `Variants of ${base.title}`.slice(0, 200),
              baseUid: base.uid,
              baseDocumentId: base.documentId,
              enabled: true,
              rules: [rule],
            }),
          });
      return { rule: rule.name, ruleSet: ruleSet!.documentId };
    },

    /** The panel's edits of one rule: enable/disable it or move it one place; conditions are edited on the Rules page. */
    async editRule({ uid, documentId, name, enabled, move }: RuleEdit) {
      const existing = await ruleSetFor(uid, documentId);
      if (!existing)
        throw new errors.ValidationError(`'${documentId}' of ${uid} has no variant rules`);
      const edited =
        enabled !== undefined
          ? withRuleEnabled(existing.rules, name, enabled)
          : withRuleMoved(existing.rules, name, move ?? 'up');
      if (!edited)
        throw new errors.ValidationError(`No rule named '${name}' in the rules of '${documentId}'`);
      await ruleSets().update({
        documentId: existing.documentId,
        data: documentData({ rules: edited }),
      });
      return edited;
    },

    /**
     * Completes the experiment with a winner; a winning variant document becomes the base
     * document's default variant. The rule set and the experiment are written in one
     * transaction: a failure leaves both as they were.
     */
    async promoteWinner(experimentDocumentId: string, variantKey: string) {
      const experiment = (await strapi.db
        .query(UIDS.experiment)
        .findOne({ where: { documentId: experimentDocumentId } })) as ExperimentRecord | null;
      if (!experiment) throw new errors.NotFoundError('No such experiment');
      const variant = experiment.variants.find((candidate) => candidate.key === variantKey);
      if (!variant)
        throw badRequest(`Experiment ${experiment.slug} has no variant '${variantKey}'`);
      const winnerRule = {
        name: `winner-of-${experiment.slug}`,
        condition: {},
        variant: variant.documentId,
      };
      await strapi.db.transaction(async () => {
        if (variant.documentId && variant.documentId !== experiment.baseDocumentId) {
          const existing = await ruleSetFor(experiment.baseUid, experiment.baseDocumentId);
          if (existing) {
            const kept = existing.rules.filter((rule) => rule.name !== winnerRule.name);
            await ruleSets().update({
              documentId: existing.documentId,
              data: documentData({ rules: [...kept, winnerRule], enabled: true }),
            });
          } else {
            await ruleSets().create({
              data: documentData({
                name: `Winner of ${experiment.name}`,
                baseUid: experiment.baseUid,
                baseDocumentId: experiment.baseDocumentId,
                enabled: true,
                rules: [winnerRule],
              }),
            });
          }
        }
        await strapi.documents(UIDS.experiment).update({
          documentId: experiment.documentId,
          data: documentData({ state: 'completed', winner: variant.key, stoppedAt: new Date() }),
        });
      });
      // the writes invalidated the definitions inside the transaction, where a request running
      // meanwhile could not see them yet and may have cached the old ones
      await getService(strapi, 'definitions').invalidate();
      return { state: 'completed' as const, winner: variant.key };
    },
  };
};

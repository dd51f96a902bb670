/**
 * Variants made from an entry in the Content Manager: the entry copied by the Document Service's
 * clone (as the Content Manager's Duplicate does: relations, media and components included) with
 * its title marked and its unique fields made unique, then a disabled rule appended to the
 * base's rule set, so the copy is a variant at once (kept out of lists) but served to nobody yet.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { variantsOf, type VariantRuleDef } from '../core/rules';
import {
  preparedRule,
  variantSlug,
  variantTitle,
  withRuleEnabled,
  withRuleMoved,
} from '../core/variants';
import type { Definitions } from './definitions';
import { UIDS } from '../uids';
import { getService } from '../get-service';

type Row = Record<string, any>;
type Attribute = { type: string; unique?: boolean; maxLength?: number };

const TEXT_TYPES = new Set(['string', 'text']);

export interface RuleEdit {
  uid: string;
  documentId: string;
  name: string;
  enabled?: boolean;
  move?: 'up' | 'down';
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = (uid: string) => strapi.documents(uid as any) as any;
  const ruleSets = () => strapi.documents(UIDS.variantRule as any) as any;
  const attributesOf = (uid: string) =>
    (strapi.contentType(uid as any)?.attributes ?? {}) as Record<string, Attribute>;

  /** The field the Content Manager shows as an entry's title (its "main field"), when it is text. */
  async function titleFieldOf(uid: string): Promise<string | null> {
    const configuration = await strapi
      .plugin('content-manager')
      .service('content-types')
      .findConfiguration({ uid });
    const field: string | undefined = configuration?.settings?.mainField;
    return field && TEXT_TYPES.has(attributesOf(uid)[field]?.type) ? field : null;
  }

  /** Titles of documents in the editor's locale (drafts: what the editor sees); a document without one is left out. */
  async function titlesOf(
    uid: string,
    documentIds: string[],
    locale?: string
  ): Promise<Map<string, string>> {
    const field = await titleFieldOf(uid);
    if (!field || documentIds.length === 0) return new Map();
    const rows: Row[] = await documents(uid).findMany({
      filters: { documentId: { $in: documentIds } },
      fields: [field],
      locale,
      status: 'draft',
    });
    return new Map(
      rows.filter((row) => row[field]).map((row) => [row.documentId, String(row[field])])
    );
  }

  const ruleSetOf = (uid: string, documentId: string): Promise<Row | null> =>
    ruleSets().findFirst({ filters: { baseUid: uid, baseDocumentId: documentId } });

  /** The copy's changed fields: the title marked, uid and unique text fields made unique (the Content Manager's uid service), other unique fields left empty. */
  async function copyOverrides(
    uid: string,
    base: Row,
    locale?: string
  ): Promise<{ data: Row; baseTitle: string; title: string }> {
    const titleField = await titleFieldOf(uid);
    const uidService = strapi.plugin('content-manager').service('uid');
    const data: Row = {};
    for (const [field, attribute] of Object.entries(attributesOf(uid))) {
      const value = base[field];
      const isTitle = field === titleField && typeof value === 'string' && value !== '';
      const mustBeUnique = attribute.type === 'uid' || !!attribute.unique;
      if (!isTitle && !(mustBeUnique && value !== null && value !== undefined)) continue;
      if (typeof value !== 'string') {
        data[field] = null;
        continue;
      }
      const candidate = isTitle
        ? variantTitle(value, attribute.maxLength)
        : variantSlug(value, attribute.maxLength);
      data[field] = mustBeUnique
        ? await uidService.findUniqueUID({ contentTypeUID: uid, field, value: candidate, locale })
        : candidate;
    }
    const baseTitle = titleField && base[titleField] ? String(base[titleField]) : base.documentId;
    return { data, baseTitle, title: titleField ? (data[titleField] ?? baseTitle) : baseTitle };
  }

  const canHaveVariants = (uid: string) =>
    uid.startsWith('api::') && strapi.contentType(uid as any)?.kind === 'collectionType';

  return {
    /**
     * Refuses what cannot have variants: anything but the app's own collection types (a single
     * type has one document, plugin types are not content), and documents that are variants themselves.
     */
    async checkBase(uid: string, documentId: string): Promise<void> {
      const contentType = strapi.contentType(uid as any);
      if (!contentType)
        throw new errors.ValidationError(`'${uid}' is not a content type of this app`);
      if (!canHaveVariants(uid)) {
        throw new errors.ValidationError(
          `'${uid}' is not enabled for personalization: variants are made of the app's collection types`
        );
      }
      const defs: Definitions = await getService(strapi, 'definitions').get();
      if (defs.variantDocuments.get(uid)?.has(documentId)) {
        throw new errors.ValidationError(
          `'${documentId}' is itself a variant; make variants of its base document instead`
        );
      }
    },

    /** Copies the entry (one locale: the one the editor works in) into a new draft and appends its disabled rule. */
    async create(uid: string, documentId: string, locale: string | undefined, userId: number) {
      await this.checkBase(uid, documentId);
      const base: Row | null = await documents(uid).findOne({
        documentId,
        locale,
        status: 'draft',
      });
      if (!base)
        throw new errors.ValidationError(
          `No document '${documentId}' of ${uid}${locale ? ` in locale '${locale}'` : ''}`
        );
      const { data, baseTitle, title } = await copyOverrides(uid, base, locale);
      const cloned = await documents(uid).clone({
        documentId,
        locale,
        data: { ...data, createdBy: userId, updatedBy: userId },
      });
      const variant: Row | undefined = cloned?.entries?.[0];
      if (!variant) throw new errors.ApplicationError(`Could not copy '${documentId}' of ${uid}`);
      try {
        const existing = await ruleSetOf(uid, documentId);
        const rule = preparedRule(
          (existing?.rules as VariantRuleDef[] | undefined) ?? [],
          title,
          variant.documentId
        );
        // Written through the Document Service: validated and applied like any rule-set write.
        const ruleSet = existing
          ? await ruleSets().update({
              documentId: existing.documentId,
              data: { rules: [...existing.rules, rule] },
            })
          : await ruleSets().create({
              data: {
                name: `Variants of ${baseTitle}`.slice(0, 200),
                baseUid: uid,
                baseDocumentId: documentId,
                enabled: true,
                rules: [rule],
              },
            });
        return {
          documentId: variant.documentId,
          locale: variant.locale ?? null,
          title,
          rule: rule.name,
          ruleSet: ruleSet.documentId,
        };
      } catch (error) {
        // A copy without its rule would be listed as an ordinary entry: remove it.
        await documents(uid).delete({ documentId: variant.documentId, locale: '*' });
        throw error;
      }
    },

    /** An entry's rules with the titles of their variants, and the bases whose rules serve this entry as a variant. */
    async describe(uid: string, documentId: string, locale?: string) {
      const ruleSetRows: Row[] = await ruleSets().findMany({ filters: { baseUid: uid } });
      const own = ruleSetRows.find((row) => row.baseDocumentId === documentId) ?? null;
      const ownRules = (own?.rules as VariantRuleDef[] | undefined) ?? [];
      const servedBy = ruleSetRows.filter(
        (row) =>
          row.baseDocumentId !== documentId && variantsOf(row.rules ?? []).includes(documentId)
      );
      const titles = await titlesOf(
        uid,
        [...variantsOf(ownRules), ...servedBy.map((row) => row.baseDocumentId)],
        locale
      );
      return {
        canHaveVariants: canHaveVariants(uid),
        rules: own
          ? {
              documentId: own.documentId,
              name: own.name,
              enabled: own.enabled,
              rules: ownRules.map((rule) => ({
                ...rule,
                enabled: rule.enabled !== false,
                variantTitle: rule.variant ? (titles.get(rule.variant) ?? null) : null,
              })),
            }
          : null,
        variantOf: servedBy.map((row) => ({
          documentId: row.baseDocumentId,
          title: titles.get(row.baseDocumentId) ?? null,
          ruleSetEnabled: row.enabled,
          rules: (row.rules as VariantRuleDef[])
            .filter((rule) => rule.variant === documentId)
            .map((rule) => ({
              name: rule.name,
              enabled: rule.enabled !== false,
              condition: rule.condition,
            })),
        })),
      };
    },

    /** The panel's edits of one rule: enable/disable it or move it one place; conditions are edited on the Rules page. */
    async editRule({ uid, documentId, name, enabled, move }: RuleEdit) {
      const existing = await ruleSetOf(uid, documentId);
      if (!existing)
        throw new errors.ValidationError(`'${documentId}' of ${uid} has no variant rules`);
      const rules = existing.rules as VariantRuleDef[];
      const edited =
        enabled !== undefined
          ? withRuleEnabled(rules, name, enabled)
          : withRuleMoved(rules, name, move ?? 'up');
      if (!edited)
        throw new errors.ValidationError(`No rule named '${name}' in the rules of '${documentId}'`);
      await ruleSets().update({ documentId: existing.documentId, data: { rules: edited } });
      return edited;
    },
  };
};

/**
 * Variants made from an entry in the Content Manager: the entry copied by the Document Service's
 * clone (as the Content Manager's Duplicate does: relations, media and components included) with
 * its title marked and its unique fields made unique, then a disabled rule appended to the
 * base's rule set, so the copy is a variant at once (kept out of lists) but served to nobody yet.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { notAContentType } from '../core/issues';
import { variantsOf } from '../core/rules';
import { variantOrigins, variantSlug, variantTitle } from '../core/variants';
import type { ExperimentRecord, RuleSetRecord } from '../records';
import { badRequest, forbidden } from '../refusals';
import { UIDS } from '../uids';
import { getService } from '../get-service';
import { contentTypeUid } from './documents';
import type { VariantMarker } from '../contracts';

type Attribute = { type: string; unique?: boolean; maxLength?: number };
/** An entry's fields as the Document Service returns them. */
type Entry = Record<string, unknown> & { documentId: string; locale?: string | null };

/** Who makes the variant: the copy is a new entry, so the admin must be allowed to create entries of that type. */
export interface Editor {
  id: number;
  /** the admin's CASL ability (ctx.state.userAbility), as the Content Manager's permission checker takes it */
  ability: unknown;
}

/** The part of an admin's CASL ability (ctx.state.userAbility) that says what they may read. */
export interface ReaderAbility {
  can(action: string, subject: string): boolean;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const entries = (uid: string) => strapi.documents(contentTypeUid(uid));
  const attributesOf = (uid: string) =>
    (strapi.contentType(contentTypeUid(uid))?.attributes ?? {}) as Record<string, Attribute>;
  const documents = () => getService(strapi, 'documents');

  /** The copy's changed fields: the title marked, uid and unique text fields made unique (the Content Manager's uid service), other unique fields left empty. */
  async function copyOverrides(
    uid: string,
    base: Entry,
    locale?: string
  ): Promise<{ data: Record<string, unknown>; baseTitle: string; title: string }> {
    const titleField = await documents().mainFieldOf(uid);
    const uidService = strapi.plugin('content-manager').service('uid');
    const data: Record<string, unknown> = {};
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
    const baseTitle = (await documents().titleOf(uid, base)) ?? base.documentId;
    const title = titleField && typeof data[titleField] === 'string' ? data[titleField] : baseTitle;
    return { data, baseTitle, title };
  }

  const canHaveVariants = (uid: string) =>
    uid.startsWith('api::') && strapi.contentType(contentTypeUid(uid))?.kind === 'collectionType';

  /**
   * Refuses what cannot have variants: anything but the app's own collection types (a single
   * type has one document, plugin types are not content), and documents that are variants themselves.
   */
  async function checkBase(uid: string, documentId: string): Promise<void> {
    const contentType = strapi.contentType(contentTypeUid(uid));
    if (!contentType) throw new errors.ValidationError(notAContentType(uid));
    if (!canHaveVariants(uid)) {
      throw new errors.ValidationError(
        `'${uid}' is not enabled for personalization: variants are made of the app's collection types`
      );
    }
    const defs = await getService(strapi, 'definitions').get();
    if (defs.variantDocuments.get(uid)?.has(documentId)) {
      throw new errors.ValidationError(
        `'${documentId}' is itself a variant; make variants of its base document instead`
      );
    }
  }

  return {
    /** Copies the entry (one locale: the one the editor works in) into a new draft and appends its disabled rule. */
    async create(uid: string, documentId: string, locale: string | undefined, editor: Editor) {
      await checkBase(uid, documentId);
      const permissions = strapi
        .plugin('content-manager')
        .service('permission-checker')
        .create({ userAbility: editor.ability, model: uid });
      if (permissions.cannot.create()) throw forbidden(`You may not create entries of ${uid}`);
      const base = (await entries(uid).findOne({
        documentId,
        locale,
        status: 'draft',
      })) as Entry | null;
      if (!base)
        throw new errors.ValidationError(
          `No document '${documentId}' of ${uid}${locale ? ` in locale '${locale}'` : ''}`
        );
      const { data, baseTitle, title } = await copyOverrides(uid, base, locale);
      const cloned = await entries(uid).clone({
        documentId,
        locale,
        data: { ...data, createdBy: editor.id, updatedBy: editor.id },
      });
      const variant = cloned?.entries?.[0] as Entry | undefined;
      if (!variant) throw new errors.ApplicationError(`Could not copy '${documentId}' of ${uid}`);
      try {
        const appended = await getService(strapi, 'rule-sets').appendVariant({
          uid,
          documentId,
          title: baseTitle,
          variant: { documentId: variant.documentId, title },
        });
        return {
          documentId: variant.documentId,
          locale: variant.locale ?? null,
          title,
          ...appended,
        };
      } catch (error) {
        // A copy without its rule would be listed as an ordinary entry: remove it.
        await entries(uid).delete({ documentId: variant.documentId, locale: '*' });
        throw error;
      }
    },

    /** Which entries of a type are variants, of which base (with its title), for an admin who may read the type: the Content Manager's list marks them. */
    async markersOf(uid: string, ability: ReaderAbility): Promise<VariantMarker[]> {
      if (!strapi.contentType(contentTypeUid(uid))) throw badRequest(notAContentType(uid));
      if (!ability.can('plugin::content-manager.explorer.read', uid))
        throw forbidden(`You may not read ${uid}`);
      const [ruleSets, experiments] = await Promise.all([
        strapi.documents(UIDS.variantRule).findMany({ filters: { baseUid: uid } }) as Promise<
          RuleSetRecord[]
        >,
        strapi.documents(UIDS.experiment).findMany({ filters: { baseUid: uid } }) as Promise<
          ExperimentRecord[]
        >,
      ]);
      const origins = variantOrigins(
        ruleSets.map((row) => ({ baseDocumentId: row.baseDocumentId, rules: row.rules ?? [] })),
        experiments
      );
      const titles = await documents().titlesOf(uid, [
        ...new Set(origins.map((origin) => origin.baseDocumentId)),
      ]);
      return origins.map((origin) => ({
        ...origin,
        baseTitle: titles.get(origin.baseDocumentId) ?? origin.baseDocumentId,
      }));
    },

    /** An entry's rules with the titles of their variants, and the bases whose rules serve this entry as a variant. */
    async describe(uid: string, documentId: string, locale?: string) {
      const ruleSetRows = (await strapi
        .documents(UIDS.variantRule)
        .findMany({ filters: { baseUid: uid } })) as RuleSetRecord[];
      const own = ruleSetRows.find((row) => row.baseDocumentId === documentId) ?? null;
      const ownRules = own?.rules ?? [];
      const servedBy = ruleSetRows.filter(
        (row) =>
          row.baseDocumentId !== documentId && variantsOf(row.rules ?? []).includes(documentId)
      );
      const titles = await documents().titlesOf(
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
              enabled: own.enabled !== false,
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
          ruleSet: row.documentId,
          ruleSetEnabled: row.enabled !== false,
          rules: row.rules
            .filter((rule) => rule.variant === documentId)
            .map((rule) => ({
              name: rule.name,
              enabled: rule.enabled !== false,
              condition: rule.condition,
            })),
        })),
      };
    },
  };
};

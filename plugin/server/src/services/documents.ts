/**
 * The app's documents as editors know them: titled by the field the Content Manager shows as an
 * entry's title (its "main field"), in the drafts an editor works on.
 */
import type { Core, UID } from '@strapi/strapi';
import type { DocumentOption } from '../contracts/common';

const TEXT_TYPES = new Set(['string', 'text']);
/** More would not fit a picker; the admin searches beyond that. */
const MAX_DOCUMENTS = 1000;

type Fields = Record<string, unknown> & { documentId: string };

/** The app's content types are known at runtime only, not to Strapi's generated uid types. */
export const contentTypeUid = (uid: string) => uid as UID.ContentType;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** main field by uid: read once, since the Content Manager's configuration is read from the database */
  const mainFields = new Map<string, Promise<string | null>>();

  const attributesOf = (uid: string): Record<string, { type: string }> =>
    strapi.contentType(contentTypeUid(uid))?.attributes ?? {};

  async function readMainField(uid: string): Promise<string | null> {
    if (!strapi.contentType(contentTypeUid(uid))) return null;
    const configuration = await strapi
      .plugin('content-manager')
      .service('content-types')
      .findConfiguration({ uid });
    const field: string | undefined = configuration?.settings?.mainField;
    return field && TEXT_TYPES.has(attributesOf(uid)[field]?.type) ? field : null;
  }

  /** The field the Content Manager shows as the title of entries of `uid`, when it is text. */
  function mainFieldOf(uid: string): Promise<string | null> {
    let field = mainFields.get(uid);
    if (!field) {
      field = readMainField(uid);
      mainFields.set(uid, field);
    }
    return field;
  }

  const titleIn = (
    document: Record<string, unknown> | null | undefined,
    field: string | null
  ): string | null => (field && document?.[field] ? String(document[field]) : null);

  return {
    mainFieldOf,

    /** The app's own content types (those that can have rules), by display name. */
    appContentTypes(): Array<{ uid: string; displayName: string }> {
      return Object.values(strapi.contentTypes)
        .filter((type) => type.uid.startsWith('api::'))
        .map((type) => ({ uid: type.uid, displayName: type.info?.displayName ?? type.uid }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },

    /** The title of a document already read (with its main field), or null. */
    async titleOf(
      uid: string,
      document: Record<string, unknown> | null | undefined
    ): Promise<string | null> {
      return titleIn(document, await mainFieldOf(uid));
    },

    /** Titles of the documents' drafts (in `locale`, else the default one); a document without a title is left out. */
    async titlesOf(
      uid: string,
      documentIds: string[],
      locale?: string
    ): Promise<Map<string, string>> {
      const field = await mainFieldOf(uid);
      if (!field || documentIds.length === 0) return new Map();
      const rows = (await strapi.documents(contentTypeUid(uid)).findMany({
        filters: { documentId: { $in: documentIds } },
        fields: [field],
        locale,
        status: 'draft',
      })) as Fields[];
      const titles = new Map<string, string>();
      for (const row of rows) {
        const title = titleIn(row, field);
        if (title) titles.set(row.documentId, title);
      }
      return titles;
    },

    /**
     * Title (the documentId when it has none) and slug of the given documents of a type, or of
     * all of them (up to a thousand, by title) when `documentIds` is absent.
     */
    async summariesOf(uid: string, documentIds?: string[]): Promise<Map<string, DocumentOption>> {
      const field = await mainFieldOf(uid);
      const hasSlug = !!attributesOf(uid).slug;
      const fields = [field, hasSlug ? 'slug' : undefined].filter((name): name is string => !!name);
      const rows = (await strapi.documents(contentTypeUid(uid)).findMany({
        ...(documentIds ? { filters: { documentId: { $in: documentIds } } } : {}),
        fields,
        ...(field ? { sort: field } : {}),
        limit: MAX_DOCUMENTS,
      })) as Fields[];
      return new Map(
        rows.map((row) => [
          row.documentId,
          {
            documentId: row.documentId,
            title: titleIn(row, field) ?? row.documentId,
            slug: typeof row.slug === 'string' ? row.slug : null,
          },
        ])
      );
    },
  };
};

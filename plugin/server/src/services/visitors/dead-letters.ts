/**
 * Rows the database refused even after their texts were cleaned, set aside in
 * `cxm_dead_letters` (what, whose, the row as JSON, the database's words), so that the rest of
 * their batch is written and an operator can see what was lost and why.
 */
import type { Core } from '@strapi/strapi';
import { newDocumentId } from '../../core/ids';
import { cleanText } from '../../core/text';
import { UIDS } from '../../uids';
import { databaseMessage } from './row-refusals';

export type DeadLetterKind = 'contact' | 'visit' | 'interaction';

const MAX_ERROR_LENGTH = 2000;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Keeps `row` with the error that refused it. */
  async setAside(kind: DeadLetterKind, key: string, row: object, error: unknown): Promise<void> {
    const now = new Date();
    await strapi.db.query(UIDS.deadLetter).create({
      data: {
        documentId: newDocumentId(),
        kind,
        key,
        // JSON.stringify escapes NUL and lone surrogates: the payload is stored as it came
        payload: JSON.stringify(row),
        error: cleanText(databaseMessage(error), MAX_ERROR_LENGTH),
        refusedAt: now,
        publishedAt: now,
      },
    });
  },

  count(): Promise<number> {
    return strapi.db.query(UIDS.deadLetter).count({});
  },
});

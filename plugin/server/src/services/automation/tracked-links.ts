/**
 * Tracked links as stored records: an opaque random id stands for the target URL, the campaign
 * and (in an e-mail) the contact, so no visitor id appears in a URL or an access log. Links
 * expire (90 days by default), count their clicks and can be revoked. E-mails derive their
 * link ids from the step that sends them, so a retried send carries the same links.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import { MS_PER_DAY } from '../../core/automation/flow';
import { tableOf, toNumber, type Row } from './sql';
import { verifyLink, type TrackedLink } from '../../core/links';

export type LinkPurpose = 'redirect' | 'unsubscribe';

export interface NewLink {
  url?: string | null;
  campaign?: string | null;
  contactId?: string | null;
  automationId?: string | null;
  label?: string | null;
  purpose?: LinkPurpose;
  /** epoch ms; the configured expiry from now when absent, none when null */
  expiresAt?: number | null;
}

export interface ResolvedLink {
  url: string | null;
  campaign: string | null;
  /** visitor id of the contact the link was sent to */
  contactId: string | null;
  purpose: LinkPurpose;
}

export interface LinkRecord extends ResolvedLink {
  documentId: string;
  token: string;
  label: string | null;
  automationId: string | null;
  expiresAt: number | null;
  revokedAt: number | null;
  clicks: number;
  lastClickAt: number | null;
}

const TOKEN_LENGTH = 24;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

function recordOf(row: Row): LinkRecord {
  return {
    documentId: row.documentId,
    token: row.token,
    purpose: row.purpose,
    url: row.url ?? null,
    campaign: row.campaign ?? null,
    contactId: row.contactId ?? null,
    automationId: row.automationId ?? null,
    label: row.label ?? null,
    expiresAt: toNumber(row.expiresAt),
    revokedAt: toNumber(row.revokedAt),
    clicks: row.clicks ?? 0,
    lastClickAt: toNumber(row.lastClickAt),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();
  const table = () => tableOf(strapi, UIDS.trackedLink);

  function rowFor(token: string, link: NewLink, now: number): Row {
    const expiresAt =
      link.expiresAt === undefined
        ? now + settings().automation.linkExpiryDays * MS_PER_DAY
        : link.expiresAt;
    return table().insertRow(
      {
        token,
        purpose: link.purpose ?? 'redirect',
        url: link.url ?? null,
        campaign: link.campaign ?? null,
        contactId: link.contactId ?? null,
        automationId: link.automationId ?? null,
        label: link.label ?? null,
        expiresAt,
        clicks: 0,
      },
      new Date(now)
    );
  }

  return {
    /** A new link with a random id. */
    async create(link: NewLink, now: number): Promise<LinkRecord> {
      const token = randomBytes(18).toString('base64url');
      await table()
        .query()
        .insert(rowFor(token, link, now));
      return recordOf(await strapi.db.query(UIDS.trackedLink).findOne({ where: { token } }));
    },

    /** The id that `seed` always gives (unguessable without the plugin secret). */
    tokenFor(seed: string): string {
      return createHmac('sha256', `${settings().secret}:tracked-link-id`)
        .update(seed)
        .digest('base64url')
        .slice(0, TOKEN_LENGTH);
    },

    /** Stores the links (by their ids) unless they exist already: a retried send reuses its links. */
    async ensure(
      links: Array<NewLink & { token: string }>,
      now: number,
      trx?: Knex.Transaction
    ): Promise<void> {
      if (links.length === 0) return;
      const t = table();
      await t
        .query(trx)
        .insert(links.map(({ token, ...link }) => rowFor(token, link, now)))
        .onConflict(t.column('token'))
        .ignore();
    },

    /** The public URL of a link id. */
    urlOf(token: string, purpose: LinkPurpose = 'redirect'): string {
      const base = (
        settings().automation.publicUrl ??
        strapi.config.get<string>('server.absoluteUrl') ??
        ''
      ).replace(/\/+$/, '');
      return `${base}/api/cxm/${purpose === 'unsubscribe' ? 'unsubscribe' : 'r'}/${token}`;
    },

    /**
     * The link behind an id, counting the click; null when the id is unknown, expired or revoked.
     * `purpose` keeps an unsubscribe id from working as a redirect and the other way round.
     */
    async resolve(
      token: unknown,
      now: number,
      purpose: LinkPurpose = 'redirect'
    ): Promise<ResolvedLink | null> {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
      const t = table();
      const counted = await t
        .query()
        .where(t.column('token'), token)
        .andWhere(t.column('purpose'), purpose)
        .whereNull(t.column('revokedAt'))
        .andWhere((where) =>
          where.whereNull(t.column('expiresAt')).orWhere(t.column('expiresAt'), '>', now)
        )
        .update({
          [t.column('clicks')]: strapi.db.connection.raw('?? + 1', [t.column('clicks')]),
          [t.column('lastClickAt')]: now,
        });
      if (counted !== 1) return null;
      const row = await strapi.db.query(UIDS.trackedLink).findOne({ where: { token } });
      if (!row) return null;
      const { url, campaign, contactId } = recordOf(row);
      return { url, campaign, contactId, purpose };
    },

    /**
     * What a click on `/api/cxm/r/:token` follows: a stored link (its click counted), or a link
     * signed by an earlier version of the plugin; null for anything else.
     */
    async follow(token: string, now: number): Promise<TrackedLink | null> {
      const stored = await this.resolve(token, now);
      if (stored)
        return stored.url
          ? {
              url: stored.url,
              campaign: stored.campaign ?? undefined,
              contact: stored.contactId ?? undefined,
            }
          : null;
      return verifyLink(token, getService(strapi, 'settings').get().secrets, now);
    },

    async revoke(documentId: string, now: number): Promise<LinkRecord | null> {
      const t = table();
      await t
        .query()
        .where(t.column('documentId'), documentId)
        .whereNull(t.column('revokedAt'))
        .update({ [t.column('revokedAt')]: now });
      const row = await strapi.db.query(UIDS.trackedLink).findOne({ where: { documentId } });
      return row ? recordOf(row) : null;
    },

    /** Campaign links (made in the admin, no contact), newest first. */
    async listCampaignLinks(): Promise<LinkRecord[]> {
      const rows: Row[] = await strapi.db.query(UIDS.trackedLink).findMany({
        where: { contactId: null, purpose: 'redirect' },
        orderBy: { id: 'desc' },
        limit: 500,
      });
      return rows.map(recordOf);
    },

    async findByToken(token: string): Promise<LinkRecord | null> {
      const row = await strapi.db.query(UIDS.trackedLink).findOne({ where: { token } });
      return row ? recordOf(row) : null;
    },
  };
};

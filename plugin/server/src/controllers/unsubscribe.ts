import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { escapeHtml } from '../core/automation/template';
import { getService } from '../get-service';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex">` +
  `<title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

/**
 * The unsubscribe link of automation e-mails. GET shows a confirmation form (mail scanners
 * follow links; they must not unsubscribe anyone); POST unsubscribes, which is also what a
 * mail client's one-click `List-Unsubscribe-Post` sends (RFC 8058).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async confirm(ctx: Context) {
    const link = await getService(strapi, 'tracked-links').findByToken(String(ctx.params.token));
    ctx.type = 'html';
    if (!link || link.purpose !== 'unsubscribe' || link.revokedAt) {
      ctx.status = 404;
      ctx.body = page('Unknown link', '<p>This unsubscribe link is not valid.</p>');
      return;
    }
    ctx.body = page(
      'Unsubscribe',
      `<form method="post"><p>Stop receiving these e-mails?</p><button type="submit">Unsubscribe</button></form>`
    );
  },

  async unsubscribe(ctx: Context) {
    const now = Date.now();
    const done = await getService(strapi, 'automations').unsubscribe(String(ctx.params.token), now);
    ctx.type = 'html';
    if (!done) {
      ctx.status = 404;
      ctx.body = page('Unknown link', '<p>This unsubscribe link is not valid.</p>');
      return;
    }
    ctx.body = page('Unsubscribed', '<p>You will not receive these e-mails any more.</p>');
  },
});

import request from 'supertest';
import type { Server } from 'node:http';

export const cookieOf = (response: request.Response, name = 'cxm_vid') =>
  ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith(`${name}=`))
    ?.split(';')[0];

/** `GET /api/pages?filters[slug][$eq]=<slug>` as a frontend asks for a page by its slug. */
export function getPage(
  server: Server,
  slug: string,
  headers: Record<string, string> = {},
  query: Record<string, string> = {}
) {
  return request(server)
    .get('/api/pages')
    .query({ 'filters[slug][$eq]': slug, ...query })
    .set(headers);
}

/** Reads the pages in order with the given cookie: the views that make a visitor a persona. */
export async function readPages(server: Server, cookie: string, slugs: string[]) {
  for (const slug of slugs) await getPage(server, slug, { Cookie: cookie }).expect(200);
}

export const FAMILY_FATHER_READS = ['limousine', 'leasing-offer', 'limousine'];

/** An admin JWT for the demo admin that the example app creates on first boot. */
export async function adminToken(server: Server): Promise<string> {
  const response = await request(server)
    .post('/admin/login')
    .send({ email: 'admin@example.com', password: 'Demo-Admin-2026' })
    .expect(200);
  return response.body.data.token;
}

/** A JWT of `editor@example.com`, an admin with Strapi's Editor role (none of the plugin's permissions); created on first use. */
export async function editorToken(
  strapi: import('@strapi/strapi').Core.Strapi,
  server: Server
): Promise<string> {
  const credentials = { email: 'editor@example.com', password: 'Editor-Pass-2026' };
  if (!(await strapi.db.query('admin::user').findOne({ where: { email: credentials.email } }))) {
    const editor = await strapi.db
      .query('admin::role')
      .findOne({ where: { code: 'strapi-editor' } });
    await strapi.service('admin::user').create({
      firstname: 'Eddie',
      lastname: 'Editor',
      ...credentials,
      isActive: true,
      registrationToken: null,
      roles: [editor.id],
    });
  }
  const login = await request(server).post('/admin/login').send(credentials).expect(200);
  return login.body.data.token;
}

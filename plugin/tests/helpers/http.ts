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

/** A document a frontend reads by its slug from a collection of the example app. */
export interface SlugRead {
  collection: 'pages' | 'offers';
  slug: string;
}

/** `GET /api/<collection>?filters[slug][$eq]=<slug>`: a page (a plain slug) or an offer box. */
export function getBySlug(
  server: Server,
  read: string | SlugRead,
  headers: Record<string, string> = {}
) {
  const { collection, slug } =
    typeof read === 'string' ? { collection: 'pages', slug: read } : read;
  return request(server)
    .get(`/api/${collection}`)
    .query({ 'filters[slug][$eq]': slug })
    .set(headers);
}

/** Reads the documents in order with the given cookie (a plain slug is a page): the views that make a visitor a persona. */
export async function readPages(server: Server, cookie: string, reads: Array<string | SlugRead>) {
  for (const read of reads) await getBySlug(server, read, { Cookie: cookie }).expect(200);
}

/** The limousine page, the leasing offer box, the limousine page: a Family father (limousine and leasing interest, 3 views). */
export const FAMILY_FATHER_READS: Array<string | SlugRead> = [
  'limousine',
  { collection: 'offers', slug: 'leasing-offer' },
  'limousine',
];

/** An admin JWT for the demo admin that the example app creates on first boot. */
export async function adminToken(server: Server): Promise<string> {
  const response = await request(server)
    .post('/admin/login')
    .send({ email: 'admin@example.com', password: 'Demo-Admin-2026' })
    .expect(200);
  return response.body.data.token;
}

interface AdminUser {
  email: string;
  password: string;
  firstname: string;
  lastname: string;
}

/** A JWT of the admin `user` with the role `roleId`; the user is created on first use. */
export async function roleToken(
  strapi: import('@strapi/strapi').Core.Strapi,
  server: Server,
  user: AdminUser,
  roleId: number
): Promise<string> {
  if (!(await strapi.db.query('admin::user').findOne({ where: { email: user.email } })))
    await strapi
      .service('admin::user')
      .create({ ...user, isActive: true, registrationToken: null, roles: [roleId] });
  const login = await request(server)
    .post('/admin/login')
    .send({ email: user.email, password: user.password })
    .expect(200);
  return login.body.data.token;
}

/** A JWT of `editor@example.com`, an admin with Strapi's Editor role (none of the plugin's permissions); created on first use. */
export async function editorToken(
  strapi: import('@strapi/strapi').Core.Strapi,
  server: Server
): Promise<string> {
  const editor = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
  const user = { email: 'editor@example.com', password: 'Editor-Pass-2026' };
  return roleToken(strapi, server, { ...user, firstname: 'Eddie', lastname: 'Editor' }, editor.id);
}

/** The admin API of profiles, profile keys and personas, as the Profiles & Personas pages use it. */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken, cookieOf, editorToken, getPage, readPages } from '../helpers/http';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
});

afterAll(async () => {
  await app?.stop();
});

type Method = 'get' | 'post' | 'put' | 'delete';
const call = (method: Method, path: string, body?: object, bearer = token) => {
  const pending = request(app.server)
    [method](`/cxm${path}`)
    .set('Authorization', `Bearer ${bearer}`);
  return body === undefined ? pending : pending.send(body);
};

interface Key {
  documentId: string;
  slug: string;
  name: string;
  min: number;
  max: number;
}
interface Profile {
  documentId: string;
  slug: string;
  name: string;
  description: string | null;
  scoring: string;
  halfLifeDays: number;
  keys: Key[];
  personas: number;
}
interface Persona {
  documentId: string;
  slug: string;
  name: string;
  description: string | null;
  profile: string;
  keyValues: Record<string, number>;
}

const profiles = async (): Promise<Profile[]> =>
  (await call('get', '/profiles').expect(200)).body.data;
const profileNamed = async (name: string) =>
  (await profiles()).find((profile) => profile.name === name)!;
const personasOf = async (profile?: string): Promise<Persona[]> =>
  (await call('get', `/personas${profile ? `?profile=${profile}` : ''}`).expect(200)).body.data;
/** Everything the API shows: what a refused request must leave as it was. */
const snapshot = async () => ({ profiles: await profiles(), personas: await personasOf() });

describe('profiles and keys', () => {
  it('lists the seeded profile with its keys and its number of personas', async () => {
    const vehicle = await profileNamed('Vehicle interest');
    expect(vehicle).toMatchObject({
      slug: 'vehicle-interest',
      scoring: 'sum',
      halfLifeDays: 30,
      personas: 2,
    });
    expect(vehicle.keys.map((key) => [key.slug, key.min, key.max])).toEqual([
      ['limousine', 0, 10],
      ['hybrid', 0, 10],
      ['compact', 0, 10],
      ['leasing', 0, 10],
    ]);
  });

  it('creates, edits and deletes a profile and its keys', async () => {
    const created = await call('post', '/profiles', {
      name: 'Budget',
      description: 'How much a visitor wants to spend',
      scoring: 'average',
      halfLifeDays: 14,
    }).expect(201);
    expect(created.body.data).toMatchObject({
      slug: 'budget',
      scoring: 'average',
      halfLifeDays: 14,
      keys: [],
      personas: 0,
    });
    const { documentId } = created.body.data;

    await call('put', `/profiles/${documentId}`, {
      name: 'Budget range',
      description: null,
      scoring: 'sum',
      halfLifeDays: 7.5,
    }).expect(200);
    await call('post', `/profiles/${documentId}/keys`, {
      name: 'Low price',
      min: 0,
      max: 10,
    }).expect(201);
    const withKeys = await call('post', `/profiles/${documentId}/keys`, {
      name: 'Premium',
      min: 1,
      max: 5,
    }).expect(201);
    expect(withKeys.body.data.keys.map((key: Key) => key.slug)).toEqual(['low-price', 'premium']);

    const premium = withKeys.body.data.keys[1] as Key;
    const renamed = await call('put', `/profile-keys/${premium.documentId}`, {
      name: 'Premium class',
      min: 0,
      max: 8,
    }).expect(200);
    // the slug stays: tags and rules refer to it
    expect(renamed.body.data.keys[1]).toMatchObject({
      slug: 'premium',
      name: 'Premium class',
      min: 0,
      max: 8,
    });

    const lowPrice = withKeys.body.data.keys[0] as Key;
    await call('delete', `/profile-keys/${lowPrice.documentId}`).expect(200);
    const stored = await profileNamed('Budget range');
    expect(stored).toMatchObject({
      slug: 'budget',
      description: null,
      scoring: 'sum',
      halfLifeDays: 7.5,
    });
    expect(stored.keys.map((key) => [key.slug, key.name, key.min, key.max])).toEqual([
      ['premium', 'Premium class', 0, 8],
    ]);

    await call('delete', `/profiles/${documentId}`).expect(200);
    expect((await profiles()).map((profile) => profile.slug)).toEqual(['vehicle-interest']);
    expect(
      await app.strapi.db.query('plugin::cxm.profile-key').findOne({ where: { slug: 'premium' } })
    ).toBeNull();
  });

  it.each([
    [
      'an empty name',
      'post',
      () => '/profiles',
      { name: '  ', scoring: 'sum' },
      /name: must not be empty/,
    ],
    [
      'an unknown scoring',
      'post',
      () => '/profiles',
      { name: 'Mood', scoring: 'median' },
      /scoring/,
    ],
    [
      'a negative half-life',
      'post',
      () => '/profiles',
      { name: 'Mood', halfLifeDays: -1 },
      /halfLifeDays/,
    ],
    [
      'a name taken already',
      'post',
      () => '/profiles',
      { name: 'Vehicle interest' },
      /exists already/,
    ],
    ['a name without letters', 'post', () => '/profiles', { name: '???' }, /letter or a digit/],
    ['an unknown field', 'post', () => '/profiles', { name: 'Mood', colour: 'red' }, /colour/],
    [
      'a key with min = max',
      'post',
      (vehicle: Profile) => `/profiles/${vehicle.documentId}/keys`,
      { name: 'SUV', min: 5, max: 5 },
      /max: min must be less than max/,
    ],
    [
      'a key with min > max',
      'post',
      (vehicle: Profile) => `/profiles/${vehicle.documentId}/keys`,
      { name: 'SUV', min: 6, max: 2 },
      /min must be less than max/,
    ],
    [
      'a key with an empty name',
      'post',
      (vehicle: Profile) => `/profiles/${vehicle.documentId}/keys`,
      { name: '', min: 0, max: 10 },
      /name: must not be empty/,
    ],
    [
      'a key whose slug exists',
      'post',
      (vehicle: Profile) => `/profiles/${vehicle.documentId}/keys`,
      { name: 'Limousine', min: 0, max: 10 },
      /'limousine' exists already in profile 'Vehicle interest'/,
    ],
    [
      'a key edit with min > max',
      'put',
      (vehicle: Profile) => `/profile-keys/${vehicle.keys[0].documentId}`,
      { name: 'Limousine', min: 10, max: 0 },
      /min must be less than max/,
    ],
    [
      'a profile edit with an empty name',
      'put',
      (vehicle: Profile) => `/profiles/${vehicle.documentId}`,
      { name: '' },
      /name: must not be empty/,
    ],
  ] as const)(
    'refuses %s with a 400 that names the problem, and changes nothing',
    async (_case, method, path, body, message) => {
      const before = await snapshot();
      const response = await call(method, path(before.profiles[0]), body).expect(400);
      expect(response.body.error.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    }
  );

  it('refuses to remove or narrow what content tags, personas and rules use (409, naming them), and changes nothing', async () => {
    const before = await snapshot();
    const vehicle = before.profiles[0];
    const limousine = vehicle.keys.find((key) => key.slug === 'limousine')!;

    const profile = await call('delete', `/profiles/${vehicle.documentId}`).expect(409);
    expect(profile.body.error.message).toMatch(/Page "Limousine"/);
    expect(profile.body.error.details.usedBy).toEqual(
      expect.arrayContaining([
        'Page "Limousine"',
        'Page "Hybrid"',
        'Page "Compact"',
        'Offer "Leasing offer"',
        'variant rules "Home page variants"',
        'variant rules "Leasing box for limousine fans"',
      ])
    );

    const key = await call('delete', `/profile-keys/${limousine.documentId}`).expect(409);
    expect(key.body.error.details.usedBy).toEqual([
      'Page "Limousine"',
      'variant rules "Leasing box for limousine fans"',
    ]);

    const narrowed = await call('put', `/profile-keys/${limousine.documentId}`, {
      name: 'Limousine',
      min: 0,
      max: 4,
    }).expect(409);
    expect(narrowed.body.error.message).toMatch(/cannot be limited to 0\.\.4/);
    expect(narrowed.body.error.details.usedBy).toEqual([
      'persona "Family father" (8)',
      'Page "Limousine" (5)',
    ]);

    const familyFather = before.personas.find((persona) => persona.slug === 'family-father')!;
    const persona = await call('delete', `/personas/${familyFather.documentId}`).expect(409);
    expect(persona.body.error.details.usedBy).toEqual(['variant rules "Home page variants"']);

    expect(await snapshot()).toEqual(before);
  });

  it('answers a refusal with the error body Strapi gives ctx.badRequest, ctx.notFound and ctx.conflict', async () => {
    const before = await snapshot();
    const familyFather = before.personas.find((persona) => persona.slug === 'family-father')!;
    const inUse = await call('delete', `/personas/${familyFather.documentId}`).expect(409);
    expect(inUse.body).toEqual({
      data: null,
      error: {
        status: 409,
        name: 'ConflictError',
        message: `Persona 'Family father' is still used by variant rules "Home page variants": change those rules first`,
        details: { usedBy: ['variant rules "Home page variants"'] },
      },
    });
    const missing = await call('put', '/profiles/no-such-profile', { name: 'Gone' }).expect(404);
    expect(missing.body).toEqual({
      data: null,
      error: { status: 404, name: 'NotFoundError', message: 'No such profile', details: {} },
    });
    const nameless = await call('post', '/profiles', { name: '!!!' }).expect(400);
    expect(nameless.body).toEqual({
      data: null,
      error: {
        status: 400,
        name: 'BadRequestError',
        message: 'Invalid profile: name: needs a letter or a digit',
        details: { errors: [{ path: 'name', message: 'needs a letter or a digit' }] },
      },
    });
  });

  it('removes a key from the personas of its profile when it is deleted', async () => {
    const vehicle = await profileNamed('Vehicle interest');
    const added = await call('post', `/profiles/${vehicle.documentId}/keys`, {
      name: 'Towing',
      min: 0,
      max: 3,
    }).expect(201);
    const towing = (added.body.data.keys as Key[]).find((key) => key.slug === 'towing')!;
    // personas that do not name the new key yet show its minimum
    expect(
      (await personasOf(vehicle.documentId)).map((persona) => persona.keyValues.towing)
    ).toEqual([0, 0]);
    const familyFather = (await personasOf(vehicle.documentId)).find(
      (persona) => persona.slug === 'family-father'
    )!;
    await call('put', `/personas/${familyFather.documentId}`, {
      name: 'Family father',
      description: familyFather.description,
      keyValues: { ...familyFather.keyValues, towing: 2 },
    }).expect(200);

    await call('delete', `/profile-keys/${towing.documentId}`).expect(200);
    const stored = await app.strapi.db
      .query('plugin::cxm.persona')
      .findOne({ where: { slug: 'family-father' } });
    expect(stored.keyValues).toEqual({ limousine: 8, leasing: 6, hybrid: 2, compact: 1 });
  });
});

describe('personas', () => {
  const HYBRID_FAN = { limousine: 0, leasing: 0, hybrid: 5, compact: 0 };

  it('creates, edits and deletes a persona', async () => {
    const vehicle = await profileNamed('Vehicle interest');
    const created = await call('post', '/personas', {
      profile: vehicle.documentId,
      name: 'City commuter',
      description: 'Short trips',
      keyValues: { limousine: 1, leasing: 3, hybrid: 7, compact: 9 },
    }).expect(201);
    expect(created.body.data).toMatchObject({
      slug: 'city-commuter',
      profile: vehicle.documentId,
      keyValues: { limousine: 1, leasing: 3, hybrid: 7, compact: 9 },
    });
    const { documentId } = created.body.data;
    expect((await profileNamed('Vehicle interest')).personas).toBe(3);

    await call('put', `/personas/${documentId}`, {
      name: 'City commuter (e-bike)',
      description: null,
      keyValues: { limousine: 0, leasing: 2.5, hybrid: 10, compact: 9 },
    }).expect(200);
    const stored = (await personasOf(vehicle.documentId)).find(
      (persona) => persona.documentId === documentId
    );
    expect(stored).toEqual({
      documentId,
      slug: 'city-commuter',
      name: 'City commuter (e-bike)',
      description: null,
      profile: vehicle.documentId,
      keyValues: { limousine: 0, leasing: 2.5, hybrid: 10, compact: 9 },
    });

    await call('delete', `/personas/${documentId}`).expect(200);
    expect((await personasOf()).map((persona) => persona.slug).sort()).toEqual([
      'family-father',
      'urban-single',
    ]);
    await call('delete', `/personas/${documentId}`).expect(404);
  });

  it.each([
    [
      'a value out of range',
      { name: 'Racer', keyValues: { ...HYBRID_FAN, hybrid: 11 } },
      /keyValues\.hybrid: must be between 0 and 10/,
    ],
    [
      'a missing key value',
      { name: 'Racer', keyValues: { limousine: 1, leasing: 1, hybrid: 1 } },
      /keyValues\.compact: a value for 'compact' is required/,
    ],
    [
      'a key of no profile',
      { name: 'Racer', keyValues: { ...HYBRID_FAN, speed: 3 } },
      /keyValues\.speed: unknown profile key 'speed'/,
    ],
    [
      'a value that is not a number',
      { name: 'Racer', keyValues: { ...HYBRID_FAN, hybrid: 'high' } },
      /keyValues\.hybrid/,
    ],
    ['an empty name', { name: '', keyValues: HYBRID_FAN }, /name: must not be empty/],
    [
      'an unknown profile',
      { profile: 'no-such-profile', name: 'Racer', keyValues: HYBRID_FAN },
      /profile: unknown profile 'no-such-profile'/,
    ],
    [
      'a slug taken already',
      { name: 'Family father', keyValues: HYBRID_FAN },
      /a persona 'family-father' exists already/,
    ],
    ['a malformed slug', { name: 'Racer', slug: 'Race Car', keyValues: HYBRID_FAN }, /slug/],
  ])('refuses to create a persona with %s (400, nothing stored)', async (_case, body, message) => {
    const before = await snapshot();
    const response = await call('post', '/personas', {
      profile: before.profiles[0].documentId,
      ...body,
    }).expect(400);
    expect(response.body.error.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a bad edit (400) and an unknown persona (404), changing nothing', async () => {
    const before = await snapshot();
    const urbanSingle = before.personas.find((persona) => persona.slug === 'urban-single')!;
    const outOfRange = await call('put', `/personas/${urbanSingle.documentId}`, {
      name: 'Urban single',
      keyValues: { ...urbanSingle.keyValues, compact: -1 },
    }).expect(400);
    expect(outOfRange.body.error.message).toMatch(/keyValues\.compact: must be between 0 and 10/);
    await call('put', `/personas/${urbanSingle.documentId}`, {
      name: 'Urban single',
      keyValues: { compact: 8 },
    }).expect(400);
    await call('put', `/personas/${urbanSingle.documentId}`, {
      name: 'Urban single',
      profile: 'other',
      keyValues: urbanSingle.keyValues,
    }).expect(400);
    await call('put', '/personas/no-such-persona', {
      name: 'Nobody',
      keyValues: urbanSingle.keyValues,
    }).expect(404);
    await call('get', '/personas?sort=name').expect(400);
    expect(await snapshot()).toEqual(before);
  });

  it('applies a persona created through the API on the next Content API request, without a restart', async () => {
    const HYBRID_READS = ['hybrid', 'hybrid', 'hybrid'];
    const personaOf = async (cookie: string) =>
      (await request(app.server).get('/api/cxm/context').set('Cookie', cookie).expect(200)).body
        .data.personas;
    const newVisitor = async () => cookieOf(await getPage(app.server, 'home').expect(200))!;

    const before = await newVisitor();
    await readPages(app.server, before, HYBRID_READS);
    expect(await personaOf(before)).toEqual([
      { profile: 'vehicle-interest', slug: 'urban-single', name: 'Urban single' },
    ]);

    const vehicle = await profileNamed('Vehicle interest');
    const created = await call('post', '/personas', {
      profile: vehicle.documentId,
      name: 'Hybrid fan',
      keyValues: HYBRID_FAN,
    }).expect(201);
    const after = await newVisitor();
    await readPages(app.server, after, HYBRID_READS);
    expect(await personaOf(after)).toEqual([
      { profile: 'vehicle-interest', slug: 'hybrid-fan', name: 'Hybrid fan' },
    ]);

    await call('delete', `/personas/${created.body.data.documentId}`).expect(200);
    const later = await newVisitor();
    await readPages(app.server, later, HYBRID_READS);
    expect(await personaOf(later)).toEqual([
      { profile: 'vehicle-interest', slug: 'urban-single', name: 'Urban single' },
    ]);
  });
});

describe('permissions', () => {
  it('refuses admins without the definitions permission (403) and anonymous callers (401)', async () => {
    const before = await snapshot();
    const editor = await editorToken(app.strapi, app.server);
    const vehicle = before.profiles[0];
    const familyFather = before.personas.find((persona) => persona.slug === 'family-father')!;
    await call('get', '/profiles', undefined, editor).expect(403);
    await call('post', '/profiles', { name: 'Mood' }, editor).expect(403);
    await call('put', `/profiles/${vehicle.documentId}`, { name: 'Renamed' }, editor).expect(403);
    await call('delete', `/profiles/${vehicle.documentId}`, undefined, editor).expect(403);
    await call('post', `/profiles/${vehicle.documentId}/keys`, { name: 'SUV' }, editor).expect(403);
    await call(
      'put',
      `/profile-keys/${vehicle.keys[0].documentId}`,
      { name: 'SUV' },
      editor
    ).expect(403);
    await call('delete', `/profile-keys/${vehicle.keys[0].documentId}`, undefined, editor).expect(
      403
    );
    await call('get', '/personas', undefined, editor).expect(403);
    await call(
      'post',
      '/personas',
      { profile: vehicle.documentId, name: 'Racer', keyValues: {} },
      editor
    ).expect(403);
    await call(
      'put',
      `/personas/${familyFather.documentId}`,
      { name: 'Renamed', keyValues: familyFather.keyValues },
      editor
    ).expect(403);
    await call('delete', `/personas/${familyFather.documentId}`, undefined, editor).expect(403);
    await request(app.server).get('/cxm/profiles').expect(401);
    await request(app.server).post('/cxm/personas').send({}).expect(401);
    expect(await snapshot()).toEqual(before);
  });
});

/**
 * The cases of the serving decision (server/src/core/__tests__/serving-cases.ts), each run
 * through the admin's simulator and through a real Content API read by a visitor with that
 * stored state: both must give the case's answer, so the simulator explains what is served.
 */
import request from 'supertest';
import { startApp, type TestApp } from '../helpers/strapi';
import { adminToken } from '../helpers/http';
import { signVisitorId } from '../../server/src/core/signing';
import { newDocumentId } from '../../server/src/core/ids';
import {
  SERVING_CASES,
  type CaseDocument,
  type ServingCase,
} from '../../server/src/core/__tests__/serving-cases';

const PAGE = 'api::page.page';
const HEADLINES: Record<Exclude<CaseDocument, 'base'>, string> = {
  a: 'Serving case: variant A',
  b: 'Serving case: variant B',
};

let app: TestApp;
let token: string;
let secret: string;
const variantIds = {} as Record<Exclude<CaseDocument, 'base'>, string>;
const baseIds: string[] = [];

const documentIdOf = (caseIndex: number, document: CaseDocument | null) =>
  document === null ? null : document === 'base' ? baseIds[caseIndex] : variantIds[document];
const slugOf = (caseIndex: number) => `serving-case-${caseIndex}`;
const baseHeadline = (caseIndex: number) => `Serving case ${caseIndex}: the base`;

/** The base page of a case, its rules and experiment, and the visitor's stored contact. */
async function arrange(servingCase: ServingCase, index: number) {
  const { rules, experiment, visitor } = servingCase;
  const base = await app.strapi.documents(PAGE).create({
    data: { title: `Serving case ${index}`, slug: slugOf(index), headline: baseHeadline(index) },
    status: 'published',
  } as never);
  baseIds[index] = base.documentId;
  if (rules) {
    await app.strapi.documents('plugin::cxm.variant-rule').create({
      data: {
        name: servingCase.name,
        baseUid: PAGE,
        baseDocumentId: base.documentId,
        enabled: true,
        rules: rules.map((rule) => ({ ...rule, variant: documentIdOf(index, rule.variant) })),
      },
    } as never);
  }
  if (experiment) {
    await app.strapi.documents('plugin::cxm.experiment').create({
      data: {
        name: servingCase.name,
        slug: experiment.slug,
        baseUid: PAGE,
        baseDocumentId: base.documentId,
        variants: experiment.variants.map(({ document, ...variant }) => ({
          ...variant,
          documentId: documentIdOf(index, document),
        })),
        coverage: experiment.coverage ?? 1,
        holdout: experiment.holdout ?? 0,
        successGoals: ['test-drive-booking'],
        state: 'running',
      },
    } as never);
  }
  // a returning visitor: what earlier visits stored of them
  const at = new Date(Date.now() - 86_400_000);
  await app.strapi.db.query('plugin::cxm.contact').create({
    data: {
      documentId: newDocumentId(),
      visitorId: visitor.id,
      identified: !!visitor.identified,
      consent: visitor.consent ?? 'implied',
      personas: {
        'vehicle-interest': visitor.persona ? { persona: visitor.persona, distance: 0 } : null,
      },
      experiments:
        experiment && visitor.assignment
          ? { [experiment.slug]: { variant: visitor.assignment, at: at.getTime() } }
          : {},
      visitCount: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      publishedAt: at,
    },
  });
}

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.server);
  secret = app.strapi.plugin('cxm').service('settings').get().secret;
  for (const document of ['a', 'b'] as const) {
    const variant = await app.strapi.documents(PAGE).create({
      data: {
        title: `Variant ${document}`,
        slug: `serving-variant-${document}`,
        headline: HEADLINES[document],
      },
      status: 'published',
    } as never);
    variantIds[document] = variant.documentId;
  }
  for (const [index, servingCase] of SERVING_CASES.entries()) await arrange(servingCase, index);
});

afterAll(async () => {
  await app?.stop();
});

const cases = SERVING_CASES.map(
  (servingCase, index) => [servingCase.name, servingCase, index] as const
);

describe('the simulator', () => {
  it.each(cases)('%s', async (_name, { experiment, visitor, expected }, index) => {
    const response = await request(app.server)
      .post('/cxm/simulate')
      .set('Authorization', `Bearer ${token}`)
      .send({
        uid: PAGE,
        documentId: baseIds[index],
        context: {
          visitorId: visitor.id,
          ...(visitor.persona && { persona: visitor.persona }),
          ...(visitor.channel && { channel: visitor.channel }),
          ...(visitor.identified && { identified: true }),
          ...(visitor.consent && { consent: visitor.consent }),
          ...(visitor.assignment && { assignment: visitor.assignment }),
        },
      })
      .expect(200);
    expect(response.body.data.served).toMatchObject({
      documentId: documentIdOf(index, expected.serve),
      label: expected.label,
    });
    expect(response.body.data.exposure).toEqual(
      expected.exposure ? { experiment: experiment!.slug, variant: expected.exposure } : null
    );
  });
});

describe('the simulator, beyond the cases', () => {
  const withExperiment = SERVING_CASES.findIndex((servingCase) => servingCase.experiment);
  const simulate = (context: Record<string, unknown>) =>
    request(app.server)
      .post('/cxm/simulate')
      .set('Authorization', `Bearer ${token}`)
      .send({ uid: PAGE, documentId: baseIds[withExperiment], context });

  it('simulates a visitor outside a running experiment when it names no visitor id or assignment, and says so', async () => {
    const response = await simulate({}).expect(200);
    expect(response.body.data.exposure).toBeNull();
    expect(response.body.data.experiment).toMatch(
      new RegExp(`^Experiment ${SERVING_CASES[withExperiment].experiment!.slug} is running`)
    );
  });

  it('refuses an assignment the experiment does not have when there is no visitor id to bucket', async () => {
    const response = await simulate({ assignment: 'retired' }).expect(400);
    expect(response.body.error.message).toMatch(/has no variant 'retired'/);
  });
});

describe('a Content API read', () => {
  it.each(cases)('%s', async (_name, { experiment, visitor, expected }, index) => {
    const response = await request(app.server)
      .get('/api/pages')
      .query({ 'filters[slug][$eq]': slugOf(index) })
      .set('Cookie', `cxm_vid=${signVisitorId(visitor.id, secret)}`)
      .set(visitor.channel ? { 'X-CXM-Page-Url': 'https://shop.example/?utm_medium=email' } : {})
      .expect(200);
    const [page] = response.body.data;
    expect(page.headline).toBe(
      expected.serve === 'base' ? baseHeadline(index) : HEADLINES[expected.serve]
    );
    expect(page.documentId).toBe(baseIds[index]);
    const entry = `${PAGE}/${baseIds[index]}=`;
    const labels = String(response.headers['x-cxm-variant'] ?? '')
      .split(', ')
      .filter((value) => value.startsWith(entry))
      .map((value) => value.slice(entry.length));
    expect(labels).toEqual(expected.label === null ? [] : [expected.label]);

    await app.strapi.plugin('cxm').service('tracking').flush();
    const exposures = await app.strapi.db
      .query('plugin::cxm.interaction')
      .findMany({ where: { type: 'exposure', contactId: visitor.id } });
    expect(
      exposures.map((row: { experiment: string; variant: string }) => [row.experiment, row.variant])
    ).toEqual(expected.exposure ? [[experiment!.slug, expected.exposure]] : []);
  });
});

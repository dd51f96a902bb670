import fc from 'fast-check';
import { matchCampaign, type CampaignDef } from '../campaigns';
import { signLink, verifyLink } from '../links';

const campaign = (overrides: Partial<CampaignDef>): CampaignDef => ({
  slug: 'x',
  channel: null,
  utmSource: null,
  utmMedium: null,
  utmCampaign: null,
  linkToken: null,
  ...overrides,
});

const campaigns = [
  campaign({
    slug: 'spring-newsletter',
    channel: 'email',
    utmCampaign: 'spring',
    utmMedium: 'email',
  }),
  campaign({ slug: 'spring-any', utmCampaign: 'spring' }),
  campaign({ slug: 'poster', channel: 'offline', linkToken: 'poster-qr-2026' }),
];

describe('matchCampaign', () => {
  it.each([
    [{ utm_campaign: 'spring', utm_medium: 'email' }, 'spring-newsletter'],
    [{ utm_campaign: ' Spring ', utm_medium: 'EMAIL' }, 'spring-newsletter'],
    [{ utm_campaign: 'spring', utm_medium: 'social' }, 'spring-any'],
    [{ utm_campaign: 'spring' }, 'spring-any'],
    [{ cxm_c: 'poster-qr-2026' }, 'poster'],
    [{ cxm_c: 'unknown', utm_campaign: 'spring' }, 'spring-any'],
    [{ utm_campaign: 'autumn' }, null],
    [{}, null],
  ])('%j → %s', (params, expected) => {
    expect(matchCampaign(campaigns, params)?.slug ?? null).toBe(expected);
  });
});

describe('tracked links', () => {
  const secret = 'a-secret-of-sixteen+';
  const now = Date.UTC(2026, 10, 23);

  it('round-trips a signed link', () => {
    const link = {
      url: 'https://cars.example/service?x=1',
      campaign: 'service-mail',
      contact: 'abc',
    };
    expect(verifyLink(signLink(link, secret), secret, now)).toEqual(link);
  });

  it('refuses to sign anything but an http(s) URL', () => {
    expect(() => signLink({ url: 'javascript:alert(1)' }, secret)).toThrow(/http/);
  });

  it.each([
    [
      'a changed payload',
      (token: string) =>
        `${Buffer.from(JSON.stringify({ url: 'https://evil.example' })).toString('base64url')}.${token.split('.')[1]}`,
    ],
    ['a changed signature', (token: string) => `${token.slice(0, -2)}xx`],
    ['a missing signature', (token: string) => token.split('.')[0]],
    ['an extra part', (token: string) => `${token}.x`],
  ])('rejects %s', (_case, tamper) => {
    const token = signLink({ url: 'https://cars.example/' }, secret);
    expect(verifyLink(tamper(token), secret, now)).toBeNull();
  });

  it('rejects another secret and expired links', () => {
    expect(
      verifyLink(signLink({ url: 'https://cars.example/' }, secret), 'another-secret-16chars', now)
    ).toBeNull();
    expect(
      verifyLink(
        signLink({ url: 'https://cars.example/', expires: now / 1000 - 1 }, secret),
        secret,
        now
      )
    ).toBeNull();
  });

  it('never throws on arbitrary tokens (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 5000 }),
        (token) => verifyLink(token, secret, now) === null
      )
    );
  });
});

import fc from 'fast-check';
import { signVisitorId } from '../../../server/src/core/signing';
import {
  issuedVisitorId,
  serializeVisitorCookie,
  visitorCookie,
  visitorHeaders,
  type PageRequest,
} from '..';

const SIGNED = signVisitorId('0f8fad5b-d9cb-469f-a165-70867728950e', 'a secret');
const page = (url: string, headers: Record<string, string> = {}): PageRequest => ({
  url,
  headers: new Headers(headers),
});

describe('visitorHeaders', () => {
  it('forwards the landing URL, referrer, User-Agent, languages and the stored visitor id', () => {
    const headers = visitorHeaders(
      page('https://cars.example/?utm_campaign=spring-2026&utm_medium=email', {
        cookie: `theme=dark; cxm_vid=${encodeURIComponent(SIGNED)}`,
        referer: 'https://www.google.com/',
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        'accept-language': 'de-DE,de;q=0.9',
      })
    );
    expect(headers).toEqual({
      'X-CXM-Page-Url': 'https://cars.example/?utm_campaign=spring-2026&utm_medium=email',
      'X-CXM-Visitor': SIGNED,
      'X-CXM-Referrer': 'https://www.google.com/',
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
      'X-CXM-User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
      'Accept-Language': 'de-DE,de;q=0.9',
    });
  });

  it('sends no visitor id for a first visit, a malformed cookie or another cookie of that name prefix', () => {
    for (const cookie of [
      undefined,
      'cxm_vid=garbage',
      'cxm_vid_consent=none',
      'cxm_vid=%E0%A4%A',
    ]) {
      const headers = visitorHeaders(page('https://cars.example/', cookie ? { cookie } : {}));
      expect(headers['X-CXM-Visitor']).toBeUndefined();
    }
  });

  it('uses the configured cookie and header names', () => {
    const headers = visitorHeaders(page('https://cars.example/', { cookie: `vid=${SIGNED}` }), {
      cookieName: 'vid',
      headerName: 'X-Visitor',
    });
    expect(headers['X-Visitor']).toBe(SIGNED);
  });

  it('appends the client IP the platform reports to the forwarded chain, once', () => {
    const forwarded = (xff: string | undefined, clientIp?: string) =>
      visitorHeaders(page('https://cars.example/', xff ? { 'x-forwarded-for': xff } : {}), {
        clientIp,
      })['X-Forwarded-For'];
    expect(forwarded(undefined)).toBeUndefined();
    expect(forwarded(undefined, '91.64.10.20')).toBe('91.64.10.20');
    expect(forwarded('91.64.10.20, 10.0.0.1')).toBe('91.64.10.20, 10.0.0.1');
    expect(forwarded('91.64.10.20', '91.64.10.20')).toBe('91.64.10.20');
    expect(forwarded('203.0.113.9', '91.64.10.20')).toBe('203.0.113.9, 91.64.10.20');
  });

  it('never throws and never forwards a header value it did not get', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (cookie, forwardedFor) => {
        const headers = visitorHeaders(
          page('https://cars.example/', { cookie, 'x-forwarded-for': forwardedFor })
        );
        expect(Object.keys(headers).every((name) => name.startsWith('X-'))).toBe(true);
      })
    );
  });
});

describe('the visitor cookie', () => {
  it('keeps an id Strapi issued, and nothing when Strapi issued none', () => {
    expect(issuedVisitorId({ headers: new Headers({ 'X-CXM-Visitor': SIGNED }) })).toBe(SIGNED);
    expect(issuedVisitorId({ headers: new Headers() })).toBeNull();
    expect(issuedVisitorId({ headers: new Headers({ 'X-CXM-Visitor': '<script>' }) })).toBeNull();
  });

  it('is HttpOnly, SameSite=Lax, Secure by default and kept a year', () => {
    const cookie = visitorCookie(SIGNED);
    expect(cookie).toEqual({
      name: 'cxm_vid',
      value: SIGNED,
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 31_536_000 },
    });
    expect(serializeVisitorCookie(cookie)).toBe(
      `cxm_vid=${encodeURIComponent(SIGNED)}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure`
    );
  });

  it('round-trips: the serialized cookie, sent back by the browser, is forwarded as the same id', () => {
    const setCookie = serializeVisitorCookie(visitorCookie(SIGNED, { secure: false }));
    const headers = visitorHeaders(
      page('https://cars.example/', { cookie: setCookie.split(';')[0] })
    );
    expect(headers['X-CXM-Visitor']).toBe(SIGNED);
  });
});

/**
 * For a frontend's server (Next.js App Router, Remix, Nuxt, …) that renders pages with content read
 * from Strapi on behalf of a visitor: the headers that tell strapi-plugin-cxm who the visitor is and
 * how they arrived, and the cookie that keeps the visitor id the plugin hands back.
 *
 * Standard Web APIs only (Request, Headers, Response), so it runs in Node and in edge runtimes.
 */

export interface CxmClientOptions {
  /** the plugin's visitor cookie, kept under the frontend's own domain; default `cxm_vid` */
  cookieName?: string;
  /** the plugin's visitor header; default `X-CXM-Visitor` */
  headerName?: string;
  /**
   * The visitor's IP as the frontend's platform reports it, when the incoming request's
   * `X-Forwarded-For` does not end with it. Strapi believes it only when this server is listed in
   * the plugin's `trustedProxies`.
   */
  clientIp?: string;
}

export interface PageRequest {
  /** the visitor's request to the frontend: its URL is the landing page, its headers the visitor's */
  url: string;
  headers: Headers;
}

export interface VisitorCookie {
  name: string;
  value: string;
  options: {
    httpOnly: true;
    sameSite: 'lax';
    path: '/';
    secure: boolean;
    /** seconds, as `Set-Cookie`'s Max-Age and Next.js' `cookies().set` take it */
    maxAge: number;
  };
}

const DEFAULT_COOKIE = 'cxm_vid';
const DEFAULT_HEADER = 'X-CXM-Visitor';
const DEFAULT_MAX_AGE_DAYS = 365;
/** A signed id is `<uuid>.<base64 HMAC>`; anything else is not forwarded (the plugin would ignore it). */
const VISITOR_ID = /^[0-9a-f-]{36}\.[A-Za-z0-9+/_-]{20,100}$/;

/** The value of cookie `name` in a `Cookie` header, if present and well-formed. */
function cookieValue(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    let value = part.slice(separator + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
    return VISITOR_ID.test(value) ? value : null;
  }
  return null;
}

/**
 * Headers for a Content API request made on behalf of the visitor of `page`: the visitor id from
 * the frontend's cookie, the landing page URL (UTM parameters, click ids, link tokens), the external
 * referrer, the visitor's User-Agent and languages, and the client IP chain for GeoIP.
 */
export function visitorHeaders(
  page: PageRequest,
  options: CxmClientOptions = {}
): Record<string, string> {
  const incoming = page.headers;
  const headers: Record<string, string> = { 'X-CXM-Page-Url': page.url };
  const visitor = cookieValue(incoming.get('cookie'), options.cookieName ?? DEFAULT_COOKIE);
  if (visitor) headers[options.headerName ?? DEFAULT_HEADER] = visitor;
  const referrer = incoming.get('referer');
  if (referrer) headers['X-CXM-Referrer'] = referrer;
  const userAgent = incoming.get('user-agent');
  // also in a header of its own: with an API token the request's User-Agent is taken for the server's
  if (userAgent) headers['User-Agent'] = headers['X-CXM-User-Agent'] = userAgent;
  const languages = incoming.get('accept-language');
  if (languages) headers['Accept-Language'] = languages;
  const chain = [incoming.get('x-forwarded-for'), options.clientIp]
    .flatMap((value) => (value ? value.split(',') : []))
    .map((hop) => hop.trim())
    .filter(Boolean);
  // the platform's address may already be the last hop of the chain it received
  if (options.clientIp && chain.at(-2) === options.clientIp) chain.pop();
  if (chain.length > 0) headers['X-Forwarded-For'] = chain.join(', ');
  return headers;
}

/**
 * The visitor id Strapi answered with (a new visitor, a forged or expired id), or null when the id
 * the frontend sent is still the one to keep (also after identify merged it into a known person).
 */
export function issuedVisitorId(
  strapiResponse: { headers: Headers },
  options: Pick<CxmClientOptions, 'headerName'> = {}
): string | null {
  const value = strapiResponse.headers.get(options.headerName ?? DEFAULT_HEADER);
  return value && VISITOR_ID.test(value) ? value : null;
}

/** The cookie that keeps `visitorId` on the frontend's domain, e.g. for Next.js `cookies().set(name, value, options)`. */
export function visitorCookie(
  visitorId: string,
  options: Pick<CxmClientOptions, 'cookieName'> & { secure?: boolean; maxAgeDays?: number } = {}
): VisitorCookie {
  return {
    name: options.cookieName ?? DEFAULT_COOKIE,
    value: visitorId,
    options: {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.secure ?? true,
      maxAge: (options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS) * 86_400,
    },
  };
}

/** The same cookie as a `Set-Cookie` header value, for frameworks that take raw headers. */
export function serializeVisitorCookie(cookie: VisitorCookie): string {
  const { name, value, options } = cookie;
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

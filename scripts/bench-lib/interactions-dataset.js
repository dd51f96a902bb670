'use strict';
/**
 * Writes a large, realistic interaction log straight into the example app's SQLite database, in
 * the rows and formats the plugin itself writes (datetimes as epoch ms, JSON columns as JSON
 * text): what months of traffic leave behind, in seconds instead of days of requests. Visitors
 * follow the traffic generator's scenario (scripts/lib/traffic-scenario.js: sources and
 * campaigns with their weekly rhythm, returning contacts, interests, goals), day by day, oldest
 * first. Only cxm_interactions is written; rollups are for the plugin's own rebuild to compute.
 */
const Database = require('better-sqlite3');
const { seededRandom } = require('../lib/seeded-random');
const scenario = require('../lib/traffic-scenario');
const appScenario = require('../../example-app/src/seed/scenario');

const DAY_MS = 86_400_000;
const PROFILE = appScenario.profiles[0].slug;
/** Tagged pages and offers and the persona a view of each leans to; other pages (home) leave no `view` row. */
const PAGE_LEANINGS = {
  limousine: 'family-father',
  'leasing-offer': 'family-father',
  hybrid: 'urban-single',
  compact: 'urban-single',
};
/** The plugin's personaMinViews default: no persona before this many scored views. */
const PERSONA_MIN_VIEWS = 3;
const SECONDS_PER_PAGE = [15, 150];
const GOALS = new Map(appScenario.goals.map((goal) => [goal.slug, goal]));
const CAMPAIGN_CHANNELS = new Map(
  [...appScenario.campaigns, scenario.PRIZE_DRAW_CAMPAIGN].map((campaign) => [
    campaign.slug,
    campaign.channel,
  ])
);
/** The channel the plugin classifies the scenario's sources without a campaign into. */
const SOURCE_CHANNELS = { organic: 'organic-search', referral: 'referral', direct: 'direct' };
const COLUMNS = [
  'document_id',
  'contact_id',
  'visit_key',
  'type',
  'content_uid',
  'content_document_id',
  'goal',
  'points',
  'data',
  'occurred_at',
  'created_at',
  'updated_at',
  'published_at',
];
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Ids shaped like the plugin's: cuid2-like document ids and visit keys, v4 UUIDs for visitors. */
function idMaker(random) {
  const char = (alphabet) => alphabet[Math.floor(random.next() * alphabet.length)];
  const hex = (length) => Array.from({ length }, () => char('0123456789abcdef')).join('');
  return {
    cuid: () =>
      char('abcdefghijklmnopqrstuvwxyz') +
      Array.from({ length: 23 }, () => char(ID_ALPHABET)).join(''),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${char('89ab')}${hex(3)}-${hex(12)}`,
  };
}

/**
 * How many rows each day gets: like the traffic generator's visitor counts, more on days with
 * active campaigns, fewer on quiet weekdays, some noise; the total is exactly `rows`.
 */
function rowsPerDay(random, firstDayMs, days, rows) {
  const weights = Array.from({ length: days }, (_, index) => scenario.sourceWeights(index, days));
  const totalOf = (dayWeights) =>
    Object.values(dayWeights).reduce((sum, weight) => sum + weight, 0);
  const factors = weights.map(
    (dayWeights, index) =>
      scenario.WEEKDAY_FACTORS[new Date(firstDayMs + index * DAY_MS).getUTCDay()] *
      totalOf(dayWeights) *
      (0.85 + 0.3 * random.next())
  );
  const sum = factors.reduce((total, factor) => total + factor, 0);
  let assigned = 0;
  let cumulative = 0;
  return factors.map((factor) => {
    cumulative += factor;
    const upTo = Math.round((rows * cumulative) / sum);
    const count = upTo - assigned;
    assigned = upTo;
    return count;
  });
}

/**
 * One visit as the plugin logs it: the `visit` row, a `view` per tagged page read, a `persona`
 * row when the contact's persona changes, a `goal` row per goal reached. Offsets are ms from the
 * visit's start; `person` (profile, persona) is updated.
 */
function planVisit(random, ids, person, sourceName, returning, pageDocumentIds) {
  const source = scenario.SOURCES[sourceName];
  const campaign = CAMPAIGN_CHANNELS.has(sourceName) ? sourceName : null;
  const channel = campaign ? CAMPAIGN_CHANNELS.get(campaign) : SOURCE_CHANNELS[sourceName];
  const visitKey = ids.cuid();
  const rows = [];
  const add = (offset, type, fields) =>
    rows.push({ offset, type, visitKey, contactId: person.id, ...fields });

  add(0, 'visit', { data: { campaign, channel, persona: person.persona, newContact: !returning } });
  const pages = scenario.plannedPages(random, source, person, returning);
  const goals = scenario.plannedGoals(random, source, person, returning);
  const goalAfterPage = new Map(goals.map((goal) => [goal, random.int(0, pages.length - 1)]));
  let offset = 0;
  for (const [index, slug] of pages.entries()) {
    const leaning = PAGE_LEANINGS[slug];
    if (leaning) {
      add(offset, 'view', {
        contentUid: scenario.contentTypeOf(slug),
        contentDocumentId: pageDocumentIds[slug],
      });
      person.views[leaning] += 1;
      const views = person.views['family-father'] + person.views['urban-single'];
      const persona =
        views < PERSONA_MIN_VIEWS
          ? null
          : person.views['family-father'] >= person.views['urban-single']
            ? 'family-father'
            : 'urban-single';
      if (persona !== person.persona) {
        add(offset, 'persona', { data: { profile: PROFILE, from: person.persona, to: persona } });
        person.persona = persona;
      }
    }
    for (const [goal, afterPage] of goalAfterPage) {
      if (afterPage !== index) continue;
      const { points, isConversion } = GOALS.get(goal);
      add(offset + 5_000, 'goal', {
        goal,
        points,
        data: { channel, campaign, persona: person.persona, conversion: !!isConversion },
      });
    }
    offset += random.int(...SECONDS_PER_PAGE) * 1000;
  }
  return { rows, durationMs: offset };
}

function newPerson(random, ids) {
  return {
    ...scenario.newPerson(random, scenario.COUNTRIES),
    id: ids.uuid(),
    persona: null,
    views: { 'family-father': 0, 'urban-single': 0 },
  };
}

/** Start times of a day's visits, sorted, on the scenario's daily curve; each visit ends within its day. */
function visitStarts(random, dayStart, durations) {
  const hours = Object.fromEntries(scenario.HOUR_WEIGHTS.map((weight, hour) => [hour, weight]));
  return durations
    .map((duration) =>
      Math.min(
        dayStart + Number(random.weighted(hours)) * 3_600_000 + random.int(0, 3_599_999),
        dayStart + DAY_MS - 1 - duration
      )
    )
    .sort((a, b) => a - b);
}

/** Fails with a clear message when the table lacks a column the generator writes (a schema change). */
function checkColumns(database) {
  const present = new Set(
    database
      .prepare('PRAGMA table_info(cxm_interactions)')
      .all()
      .map((column) => column.name)
  );
  const missing = COLUMNS.filter((column) => !present.has(column));
  if (missing.length > 0)
    throw new Error(`cxm_interactions has no column ${missing.join(', ')}; update ${__filename}`);
}

/**
 * Appends exactly `rows` interactions over the `days` days from `firstDayMs` (UTC midnight) to
 * the database file, one transaction per day (so an app using the file waits briefly at most).
 * `pageDocumentIds` maps the slugs of the tagged pages and offers to their document ids. Returns counts by type.
 */
function writeInteractions(databaseFile, { rows, days, firstDayMs, pageDocumentIds, seed }) {
  const random = seededRandom(seed);
  const ids = idMaker(random);
  const database = new Database(databaseFile, { timeout: 30_000 });
  try {
    checkColumns(database);
    const insert = database.prepare(
      `INSERT INTO cxm_interactions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((column) => `@${column}`).join(', ')})`
    );
    const insertDay = database.transaction((dayRows) => {
      for (const row of dayRows) insert.run(row);
    });
    const counts = { visit: 0, view: 0, persona: 0, goal: 0 };
    const knownPeople = [];
    const budgets = rowsPerDay(random, firstDayMs, days, rows);
    for (const [index, budget] of budgets.entries()) {
      const dayStart = firstDayMs + index * DAY_MS;
      const sourceWeights = scenario.sourceWeights(index, days);
      const visits = [];
      const newPeople = [];
      for (let planned = 0; planned < budget;) {
        const sourceName = random.weighted(sourceWeights);
        const returning =
          knownPeople.length > 0 && random.chance(scenario.SOURCES[sourceName].returning);
        const person = returning ? random.pick(knownPeople) : newPerson(random, ids);
        if (!returning) newPeople.push(person);
        const visit = planVisit(random, ids, person, sourceName, returning, pageDocumentIds);
        visit.rows.length = Math.min(visit.rows.length, budget - planned); // the day's last visit ends where the budget does
        planned += visit.rows.length;
        visits.push(visit);
      }
      knownPeople.push(...newPeople);
      const starts = visitStarts(
        random,
        dayStart,
        visits.map((visit) => visit.durationMs)
      );
      const dayRows = [];
      for (const [visitIndex, visit] of visits.entries()) {
        for (const row of visit.rows) {
          const occurredAt = starts[visitIndex] + row.offset;
          const flushedAt = Math.ceil((occurredAt + 1) / 1000) * 1000; // the write buffer flushes every second
          counts[row.type] += 1;
          dayRows.push({
            document_id: ids.cuid(),
            contact_id: row.contactId,
            visit_key: row.visitKey,
            type: row.type,
            content_uid: row.contentUid ?? null,
            content_document_id: row.contentDocumentId ?? null,
            goal: row.goal ?? null,
            points: row.points ?? 0,
            data: row.data ? JSON.stringify(row.data) : null,
            occurred_at: occurredAt,
            created_at: flushedAt,
            updated_at: flushedAt,
            published_at: occurredAt,
          });
        }
      }
      insertDay(dayRows);
    }
    return { counts, contacts: knownPeople.length };
  } finally {
    database.close();
  }
}

module.exports = { writeInteractions, PAGE_LEANINGS };

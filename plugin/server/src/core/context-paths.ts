/**
 * Every path of the visitor context, defined once: what the rule catalog says about it (type,
 * array or not, current state or history, description, formats) beside how it is read from a
 * snapshot. BASE_CATALOG (core/rules) and createContextReader (core/visitor-context) are both
 * derived from this table, so rules cannot be offered a path without a reader, nor be checked
 * against another type than the one the reader returns.
 */
import { profileScores, ranksBefore, topKey } from './scoring';
import { distanceKm, parsePoint } from './geo';
import { localTime, type LocalTime } from './local-time';
import { UTM_FIELDS } from './channels';
import type { ContextSnapshot } from './visitor-context';

export type PathType = 'string' | 'number' | 'boolean';

/** A pattern plus the words used to explain it when it does not match. */
export interface TextFormat {
  pattern: RegExp;
  hint: string;
}

export interface PathSpec {
  type: PathType;
  array?: boolean;
  reads: 'current' | 'history';
  description: string;
  /** Known values (e.g. persona slugs): operands of $eq/$ne/$in/$notIn outside this list are rejected. */
  allowedValues?: { kind: string; values: readonly string[] };
  /** Shape of whole-value operands, e.g. YYYY-MM-DD so that $lt/$gt on dates order correctly. */
  valueFormat?: TextFormat;
  /**
   * A measure that rules compare with a threshold, not a value to match (a decaying score is
   * never exactly 5): `min` offers "is at least" first, `max` "is at most".
   */
  threshold?: 'min' | 'max';
}

export interface PrefixSpec extends PathSpec {
  /** Allowed names after the prefix; any single segment when absent. */
  names?: string[];
  /** Shape the name after the prefix must have. */
  nameFormat?: TextFormat;
}

/** Values several paths derive from, each computed on first use and then shared. */
export interface DerivedValues {
  personaMatches(): Array<{ persona: string; distance: number }>;
  localTime(): LocalTime;
  /** key slug → score, over every profile (key slugs are unique across profiles) */
  scores(): Record<string, number>;
}

export interface ExactPath {
  spec: PathSpec;
  read(snapshot: ContextSnapshot, derived: DerivedValues): unknown;
}

export interface PrefixPath {
  spec: PrefixSpec;
  /** `name` is what follows the prefix: 'limousine' of 'scores.limousine'. */
  read(snapshot: ContextSnapshot, name: string, derived: DerivedValues): unknown;
}

const MS_PER_DAY = 86_400_000;

const spec = (
  type: PathType,
  reads: PathSpec['reads'],
  description: string,
  extra: Partial<PrefixSpec> = {}
): PrefixSpec => ({ type, reads, description, ...extra });

const current = (type: PathType, description: string, extra?: Partial<PrefixSpec>) =>
  spec(type, 'current', description, extra);
const history = (type: PathType, description: string, extra?: Partial<PrefixSpec>) =>
  spec(type, 'history', description, extra);

/** Own properties only: a path like `contact.attributes.__proto__` must not reach Object.prototype. */
const own = (record: Record<string, unknown> | null | undefined, name: string) =>
  record && Object.hasOwn(record, name) ? record[name] : undefined;

/** A text of the visit that may be missing (null in the snapshot, absent to rules). */
const visitField = (
  name: 'channel' | 'campaign' | 'referrer' | 'device' | 'os' | 'browser',
  description: string
): ExactPath => ({
  spec: current('string', description),
  read: ({ visit }) => visit[name] ?? undefined,
});

const geoField = (name: string, description: string): ExactPath => ({
  spec: current('string', description),
  read: ({ visit }) => own(visit.geo, name) ?? undefined,
});

/**
 * The WHATWG URL parser's host name: any scheme (android-app://…), international names in
 * punycode, and a leading "www." kept. Channel classification uses channels' stricter
 * referrerHost (http(s) only, "www." stripped) instead; the unit tests pin both.
 */
function urlHostname(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The most-read key over all profiles: per profile the key with the highest total (what
 * `topKey` of scoring picks), compared across profiles by total per scored view, as deterministically.
 */
function overallTopKey(snapshot: ContextSnapshot): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const profile of snapshot.profiles) {
    const state = snapshot.contact.profiles[profile.slug];
    const key = topKey(state, profile);
    if (!key || !state) continue;
    const perView = state.totals[key] / state.weight;
    if (ranksBefore(perView, key, bestScore, best ?? null)) {
      best = key;
      bestScore = perView;
    }
  }
  return best;
}

const EXACT_PATHS: Record<string, ExactPath> = {
  persona: {
    spec: current('string', 'Slugs of the persona matched in each profile', { array: true }),
    read: (_, derived) => derived.personaMatches().map((match) => match.persona),
  },
  'persona.distance': {
    spec: current('number', 'Smallest persona match distance; absent when no persona matched', {
      threshold: 'max',
    }),
    read: (_, derived) => {
      const distances = derived.personaMatches().map((match) => match.distance);
      return distances.length ? Math.min(...distances) : undefined;
    },
  },
  topKey: {
    spec: current('string', 'Slug of the profile key with the highest score'),
    read: (snapshot) => overallTopKey(snapshot),
  },
  'visit.number': {
    spec: history('number', 'Number of this visit; 1 on the first visit'),
    read: ({ visit }) => visit.number,
  },
  'visit.returning': {
    spec: history('boolean', 'Whether the visitor has visited before'),
    read: ({ visit }) => visit.number > 1,
  },
  'visit.pageCount': {
    spec: current('number', 'Pages viewed in this visit'),
    read: ({ visit }) => visit.pageCount,
  },
  'visit.value': {
    spec: current('number', 'Engagement value earned in this visit'),
    read: ({ visit }) => visit.value,
  },
  'engagement.value': {
    spec: history('number', 'Engagement value earned over all visits', { threshold: 'min' }),
    read: ({ contact }) => contact.engagementValue,
  },
  'contact.identified': {
    spec: history('boolean', 'Whether the visitor is identified as a contact'),
    read: ({ contact }) => contact.identified,
  },
  'contact.consent': {
    spec: current('string', 'Consent state of the visitor'),
    read: ({ contact }) => contact.consent ?? undefined,
  },
  'goals.ever': {
    spec: history('string', 'Slugs of the goals ever reached', { array: true }),
    read: ({ contact }) => Object.keys(contact.goals),
  },
  'goals.visit': {
    spec: current('string', 'Slugs of the goals reached in this visit', { array: true }),
    read: ({ visit }) => visit.goals,
  },
  'geo.country': geoField('country', "Country code from GeoIP, e.g. 'DE'"),
  'geo.region': geoField('region', 'Region from GeoIP'),
  'geo.city': geoField('city', 'City from GeoIP'),
  'geo.postalCode': geoField('postalCode', 'Postal code from GeoIP'),
  'geo.continent': geoField('continent', "Continent code from GeoIP, e.g. 'EU'"),
  'geo.timeZone': geoField('timeZone', "Time zone from GeoIP, e.g. 'Europe/Berlin'"),
  channel: visitField('channel', "Traffic channel, e.g. 'email', 'search', 'direct'"),
  campaign: visitField('campaign', 'Campaign of this visit'),
  referrer: visitField('referrer', 'Referrer URL'),
  'referrer.host': {
    spec: current('string', 'Host name of the referrer URL'),
    read: ({ visit }) => urlHostname(visit.referrer),
  },
  ...Object.fromEntries(
    UTM_FIELDS.map((field): [string, ExactPath] => [
      `utm.${field}`,
      {
        spec: current('string', `utm_${field} of the landing page`),
        read: ({ visit }) => own(visit.utm, field),
      },
    ])
  ),
  device: visitField('device', "Device class, e.g. 'mobile', 'desktop'"),
  os: visitField('os', 'Operating system'),
  browser: visitField('browser', 'Browser'),
  language: {
    spec: current('string', "Preferred language, e.g. 'de'"),
    read: ({ visit }) => visit.languages[0],
  },
  languages: {
    spec: current('string', 'Accepted languages in order of preference', { array: true }),
    read: ({ visit }) => visit.languages,
  },
  'time.hour': {
    spec: current('number', 'Hour of the day, 0–23'),
    read: (_, derived) => derived.localTime().hour,
  },
  'time.weekday': {
    spec: current('number', 'Day of the week, 0 = Sunday … 6 = Saturday'),
    read: (_, derived) => derived.localTime().weekday,
  },
  date: {
    spec: current('string', 'Date as YYYY-MM-DD', {
      valueFormat: { pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'a date written YYYY-MM-DD' },
    }),
    read: (_, derived) => derived.localTime().date,
  },
};

const PREFIX_PATHS: Record<string, PrefixPath> = {
  'scores.': {
    spec: current('number', 'Score of a profile key, by key slug', { threshold: 'min' }),
    read: (_, name, derived) => own(derived.scores(), name),
  },
  'contact.attributes.': {
    spec: history('string', 'Attribute of the identified contact, by attribute name'),
    read: ({ contact }, name) => own(contact.attributes, name),
  },
  'geo.distanceKm.': {
    spec: current(
      'number',
      'Distance in km from the visitor to a point, e.g. geo.distanceKm.49.4521,11.0767',
      {
        threshold: 'max',
        nameFormat: {
          pattern: /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/,
          hint: 'a point written <latitude>,<longitude>',
        },
      }
    ),
    read: ({ visit }, name) => {
      const point = parsePoint(name);
      const { latitude, longitude } = visit.geo ?? {};
      if (!point || typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
      return distanceKm({ latitude, longitude }, point);
    },
  },
  'goals.withinDays.': {
    spec: history('string', 'Slugs of the goals reached within the last N days', {
      array: true,
      nameFormat: { pattern: /^[1-9]\d{0,3}$/, hint: 'a whole number of days from 1 to 9999' },
    }),
    read: ({ now, contact }, name) => {
      const since = now - Number(name) * MS_PER_DAY;
      return Object.entries(contact.goals)
        .filter(([, history]) => history.lastAt >= since)
        .map(([slug]) => slug);
    },
  },
};

export const CONTEXT_PATHS: Readonly<{
  /** exact paths, e.g. 'persona', 'geo.country' */
  exact: Readonly<Record<string, ExactPath>>;
  /** prefix paths whose last segment is a name, e.g. 'scores.' → 'scores.limousine' */
  prefixes: Readonly<Record<string, PrefixPath>>;
}> = { exact: EXACT_PATHS, prefixes: PREFIX_PATHS };

/** The longest of `prefixes` that `path` starts with, and the name after it. */
export function matchPrefix<T>(
  prefixes: Readonly<Record<string, T>>,
  path: string
): { prefix: string; entry: T; name: string } | undefined {
  let best: { prefix: string; entry: T; name: string } | undefined;
  for (const [prefix, entry] of Object.entries(prefixes)) {
    if (path.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) {
      best = { prefix, entry, name: path.slice(prefix.length) };
    }
  }
  return best;
}

function once<T>(compute: () => T): () => T {
  let computed: { value: T } | undefined;
  return () => (computed ??= { value: compute() }).value;
}

export function derivedValues(snapshot: ContextSnapshot): DerivedValues {
  const { now, contact, visit, profiles } = snapshot;
  return {
    personaMatches: once(() => Object.values(contact.personas).filter((match) => match !== null)),
    localTime: once(() => localTime(now, (visit.geo?.timeZone as string | undefined) ?? null)),
    scores: once(() => {
      const scores: Record<string, number> = {};
      for (const profile of profiles) {
        Object.assign(scores, profileScores(contact.profiles[profile.slug], profile, now));
      }
      return scores;
    }),
  };
}

/** The value of a path for this snapshot; undefined for a path the table does not define. */
export function readPath(snapshot: ContextSnapshot, derived: DerivedValues, path: string): unknown {
  // hasOwn, not `in`: a path such as 'constructor' must not resolve to Object.prototype.
  if (Object.hasOwn(EXACT_PATHS, path)) return EXACT_PATHS[path].read(snapshot, derived);
  const match = matchPrefix(PREFIX_PATHS, path);
  return match?.entry.read(snapshot, match.name, derived);
}

/**
 * The visitor context that rules read, as a path reader over a plain snapshot of the contact,
 * the visit and the request. Values are computed on first read and memoized, so a rule set
 * pays only for the paths it uses.
 */
import { profileScores, topKey, type ProfileDef, type ProfileState } from './scoring';
import { distanceKm, parsePoint } from './geo';

export interface GoalHistory {
  count: number;
  /** epoch ms of the last time the goal was reached */
  lastAt: number;
}

export interface ContactSnapshot {
  identified: boolean;
  consent: string | null;
  profiles: Record<string, ProfileState>;
  personas: Record<string, { persona: string; distance: number } | null>;
  goals: Record<string, GoalHistory>;
  engagementValue: number;
  attributes: Record<string, unknown>;
}

export interface VisitSnapshot {
  number: number;
  pageCount: number;
  value: number;
  goals: string[];
  channel: string | null;
  campaign: string | null;
  referrer: string | null;
  utm: Record<string, string>;
  geo: Record<string, unknown> | null;
  device: string | null;
  os: string | null;
  browser: string | null;
  languages: string[];
}

export interface ContextSnapshot {
  now: number;
  contact: ContactSnapshot;
  visit: VisitSnapshot;
  profiles: ProfileDef[];
}

export type ContextReader = (path: string) => unknown;

const MS_PER_DAY = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Local hour, weekday (0 = Sunday) and date in the visitor's time zone (UTC when unknown). */
export function localTime(
  now: number,
  timeZone: string | null
): { hour: number; weekday: number; date: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone ?? 'UTC',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      weekday: 'short',
    }).formatToParts(now);
  } catch {
    return localTime(now, null);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    hour: Number(part('hour')),
    weekday: WEEKDAYS.indexOf(part('weekday')),
    date: `${part('year')}-${part('month')}-${part('day')}`,
  };
}

function referrerHost(referrer: string | null): string | undefined {
  if (!referrer) return undefined;
  try {
    return new URL(referrer).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Key slug → score, over every profile (key slugs are unique across profiles). */
function allScores(snapshot: ContextSnapshot): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const profile of snapshot.profiles) {
    Object.assign(
      scores,
      profileScores(snapshot.contact.profiles[profile.slug], profile, snapshot.now)
    );
  }
  return scores;
}

/**
 * The most-read key over all profiles: per profile the key with the highest total (what
 * `topKey` of scoring picks), compared across profiles by total per scored view.
 */
function overallTopKey(snapshot: ContextSnapshot): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const profile of snapshot.profiles) {
    const state = snapshot.contact.profiles[profile.slug];
    const key = topKey(state, profile);
    if (!key || !state) continue;
    const perView = state.totals[key] / state.weight;
    if (perView > bestScore) {
      best = key;
      bestScore = perView;
    }
  }
  return best;
}

/** Own properties only: a path like `utm.constructor` must not reach Object.prototype. */
const own = (record: Record<string, unknown> | null | undefined, name: string) =>
  record && Object.hasOwn(record, name) ? record[name] : undefined;

function computePath(snapshot: ContextSnapshot, path: string, memo: Map<string, unknown>): unknown {
  const { contact, visit } = snapshot;
  const cached = <T>(key: string, compute: () => T): T => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  };
  const personas = () =>
    cached(
      '#personas',
      () =>
        Object.values(contact.personas).filter((match) => match !== null) as Array<{
          persona: string;
          distance: number;
        }>
    );
  const time = () =>
    cached('#time', () =>
      localTime(snapshot.now, (visit.geo?.timeZone as string | undefined) ?? null)
    );

  switch (path) {
    case 'persona':
      return personas().map((match) => match.persona);
    case 'persona.distance': {
      const distances = personas().map((match) => match.distance);
      return distances.length ? Math.min(...distances) : undefined;
    }
    case 'topKey':
      return overallTopKey(snapshot);
    case 'visit.number':
      return visit.number;
    case 'visit.returning':
      return visit.number > 1;
    case 'visit.pageCount':
      return visit.pageCount;
    case 'visit.value':
      return visit.value;
    case 'engagement.value':
      return contact.engagementValue;
    case 'contact.identified':
      return contact.identified;
    case 'contact.consent':
      return contact.consent ?? undefined;
    case 'goals.ever':
      return Object.keys(contact.goals);
    case 'goals.visit':
      return visit.goals;
    case 'channel':
      return visit.channel ?? undefined;
    case 'campaign':
      return visit.campaign ?? undefined;
    case 'referrer':
      return visit.referrer ?? undefined;
    case 'referrer.host':
      return referrerHost(visit.referrer);
    case 'device':
      return visit.device ?? undefined;
    case 'os':
      return visit.os ?? undefined;
    case 'browser':
      return visit.browser ?? undefined;
    case 'language':
      return visit.languages[0];
    case 'languages':
      return visit.languages;
    case 'time.hour':
      return time().hour;
    case 'time.weekday':
      return time().weekday;
    case 'date':
      return time().date;
  }
  if (path.startsWith('scores.'))
    return own(
      cached('#scores', () => allScores(snapshot)),
      path.slice(7)
    );
  if (path.startsWith('geo.distanceKm.')) {
    const point = parsePoint(path.slice(15));
    const { latitude, longitude } = visit.geo ?? {};
    if (!point || typeof latitude !== 'number' || typeof longitude !== 'number') return undefined;
    return distanceKm({ latitude, longitude }, point);
  }
  if (path.startsWith('geo.')) return own(visit.geo, path.slice(4)) ?? undefined;
  if (path.startsWith('utm.')) return own(visit.utm, path.slice(4));
  if (path.startsWith('contact.attributes.')) return own(contact.attributes, path.slice(19));
  if (path.startsWith('goals.withinDays.')) {
    const since = snapshot.now - Number(path.slice(17)) * MS_PER_DAY;
    return Object.entries(contact.goals)
      .filter(([, history]) => history.lastAt >= since)
      .map(([slug]) => slug);
  }
  return undefined;
}

export function createContextReader(snapshot: ContextSnapshot): ContextReader {
  const memo = new Map<string, unknown>();
  return (path) => {
    if (!memo.has(path)) memo.set(path, computePath(snapshot, path, memo));
    return memo.get(path);
  };
}

/**
 * Profile scoring with exponential decay.
 *
 * A contact's state per profile keeps decayed key totals and a decayed count of scored
 * views ("weight"). Decaying both by the same factor keeps the average (totals / weight)
 * an exponentially weighted moving average of the viewed values: recent views count more,
 * so interests drift with what the visitor reads now instead of narrowing for good.
 */

export type ScoringMode = 'sum' | 'average';

export interface KeyDef {
  slug: string;
  min: number;
  max: number;
}

export interface ProfileDef {
  slug: string;
  scoring: ScoringMode;
  /** 0 = no decay */
  halfLifeDays: number;
  keys: KeyDef[];
}

export interface ProfileState {
  /** decayed sum of values per key slug */
  totals: Record<string, number>;
  /** decayed number of scored views */
  weight: number;
  /** raw number of scored views, never decayed */
  views: number;
  /** epoch ms of the last update; decay is applied lazily from here */
  updatedAt: number;
}

const MS_PER_DAY = 86_400_000;

export function emptyProfileState(now: number): ProfileState {
  return { totals: {}, weight: 0, views: 0, updatedAt: now };
}

/** Share of a score left after `elapsedMs`: 0.5^(Δt / halfLife); 1 without decay or elapsed time. */
export function decayFactor(elapsedMs: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0) || !(elapsedMs > 0)) return 1;
  return Math.pow(0.5, elapsedMs / (halfLifeDays * MS_PER_DAY));
}

export function clampToKey(value: number, key: KeyDef): number {
  if (!Number.isFinite(value)) return key.min;
  return Math.min(key.max, Math.max(key.min, value));
}

/** The state as it stands at `now` (decay applied); never moves `updatedAt` backwards. */
export function decayState(state: ProfileState, profile: ProfileDef, now: number): ProfileState {
  const factor = decayFactor(now - state.updatedAt, profile.halfLifeDays);
  if (factor === 1) return state;
  const totals: Record<string, number> = {};
  for (const [slug, total] of Object.entries(state.totals)) totals[slug] = total * factor;
  return { totals, weight: state.weight * factor, views: state.views, updatedAt: now };
}

/**
 * Scores one view of content tagged with `values` (key slug → value). Values are clamped to
 * the key's range; slugs that are not keys of the profile are ignored; keys of the profile
 * that the content does not name score 0 for this view. A tag without any key of the profile
 * is not a scored view of that profile.
 */
export function applyView(
  state: ProfileState | undefined,
  profile: ProfileDef,
  values: Record<string, number>,
  now: number
): ProfileState {
  const current = decayState(state ?? emptyProfileState(now), profile, now);
  const scored = profile.keys.filter((key) => values[key.slug] !== undefined);
  if (scored.length === 0) return current;
  const totals = { ...current.totals };
  for (const key of scored)
    totals[key.slug] = (totals[key.slug] ?? 0) + clampToKey(values[key.slug], key);
  return {
    totals,
    weight: current.weight + 1,
    views: current.views + 1,
    updatedAt: Math.max(now, current.updatedAt),
  };
}

/** Average value per key over the (decayed) scored views: always within each key's range. */
export function averageScores(
  state: ProfileState | undefined,
  profile: ProfileDef
): Record<string, number> {
  const averages: Record<string, number> = {};
  for (const key of profile.keys) {
    const total = state?.totals[key.slug] ?? 0;
    averages[key.slug] =
      state && state.weight > 0 ? clampToKey(total / state.weight, key) : key.min;
  }
  return averages;
}

/** The scores a rule sees: decayed totals for `sum` profiles, averages for `average` profiles. */
export function profileScores(
  state: ProfileState | undefined,
  profile: ProfileDef,
  now: number
): Record<string, number> {
  if (profile.scoring === 'average') return averageScores(state, profile);
  const current = state ? decayState(state, profile, now) : undefined;
  const scores: Record<string, number> = {};
  for (const key of profile.keys) scores[key.slug] = current?.totals[key.slug] ?? 0;
  return scores;
}

/**
 * Scores as `topKey` compares them: at two decimals, so that the decay of the seconds between two
 * reads decides nothing (a limousine read a minute before a leasing read of the same value ties it).
 */
export const comparableScore = (score: number) => Math.round(score * 100);

/** Whether (score, slug) ranks before (bestScore, bestSlug): a higher comparable score, on a tie the slug that sorts first. */
export function ranksBefore(
  score: number,
  slug: string,
  bestScore: number,
  bestSlug: string | null
): boolean {
  const [candidate, best] = [comparableScore(score), comparableScore(bestScore)];
  return candidate > best || (candidate === best && bestSlug !== null && slug < bestSlug);
}

/** The key with the highest total (the most-read interest), ties to the slug that sorts first. Null before a positive score. */
export function topKey(state: ProfileState | undefined, profile: ProfileDef): string | null {
  if (!state || state.weight <= 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const key of profile.keys) {
    const score = state.totals[key.slug] ?? 0;
    if (ranksBefore(score, key.slug, bestScore, best)) {
      best = key.slug;
      bestScore = score;
    }
  }
  return best;
}

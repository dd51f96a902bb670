/**
 * Persona (pattern card) matching as Sitecore does it: the contact's average score per key is
 * compared with every persona of the profile by Euclidean distance and the nearest wins.
 */
import { averageScores, type ProfileDef, type ProfileState } from './scoring';

export interface PersonaDef {
  slug: string;
  /** key slug → value; a key the persona does not name counts as the key's minimum */
  values: Record<string, number>;
}

export interface PersonaDistance {
  persona: string;
  distance: number;
}

export interface PersonaMatch extends PersonaDistance {
  /** every persona's distance, nearest first: the "why" behind a match */
  distances: PersonaDistance[];
}

export const DEFAULT_MIN_VIEWS = 3;
/** Distances closer than this are a tie, so float noise cannot flip a match. */
const TIE_EPSILON = 1e-9;

export function euclideanDistance(
  a: Record<string, number>,
  b: Record<string, number>,
  profile: Pick<ProfileDef, 'keys'>
): number {
  let sum = 0;
  for (const key of profile.keys) {
    const delta = (a[key.slug] ?? key.min) - (b[key.slug] ?? key.min);
    sum += delta * delta;
  }
  return Math.sqrt(sum);
}

/** Nearest first; ties broken by persona slug so the result never depends on input order. */
export function rankPersonas(
  scores: Record<string, number>,
  profile: ProfileDef,
  personas: PersonaDef[]
): PersonaDistance[] {
  return personas
    .map((persona) => ({
      persona: persona.slug,
      distance: euclideanDistance(scores, persona.values, profile),
    }))
    .sort((x, y) =>
      Math.abs(x.distance - y.distance) <= TIE_EPSILON
        ? x.persona < y.persona
          ? -1
          : x.persona > y.persona
            ? 1
            : 0
        : x.distance - y.distance
    );
}

/**
 * The persona the contact currently matches, or null before `minViews` scored views or when
 * the profile has no personas. Decay does not change the average, so the match only moves
 * when new views arrive, and then toward what was read recently.
 */
export function matchPersona(
  state: ProfileState | undefined,
  profile: ProfileDef,
  personas: PersonaDef[],
  options: { minViews?: number } = {}
): PersonaMatch | null {
  const minViews = options.minViews ?? DEFAULT_MIN_VIEWS;
  if (!state || state.views < minViews || personas.length === 0) return null;
  const distances = rankPersonas(averageScores(state, profile), profile, personas);
  return { ...distances[0], distances };
}

/** Closer than this share of the profile's widest distance, two personas split one kind of visitor. */
export const SIMILAR_PERSONA_SHARE = 0.1;

/**
 * The personas (other than the one edited) whose values lie within `share` of the largest
 * distance the profile's key ranges allow, nearest first: visitors between them would flip
 * from one to the other on every view.
 */
export function similarPersonas(
  values: Record<string, number>,
  profile: Pick<ProfileDef, 'keys'>,
  others: PersonaDef[],
  share = SIMILAR_PERSONA_SHARE
): PersonaDistance[] {
  const widest = Math.sqrt(profile.keys.reduce((sum, key) => sum + (key.max - key.min) ** 2, 0));
  const limit = widest * share + TIE_EPSILON;
  return others
    .map((persona) => ({
      persona: persona.slug,
      distance: euclideanDistance(values, persona.values, profile),
    }))
    .filter((entry) => entry.distance <= limit)
    .sort((x, y) => x.distance - y.distance || (x.persona < y.persona ? -1 : 1));
}

/**
 * "Serve this page as persona X from Nuremberg via the newsletter": the context snapshot the
 * rules would read for such a visitor, and the persona their reading would match.
 */
import { matchPersona, type PersonaDef, type PersonaMatch } from './persona';
import type { ProfileDef, ProfileState } from './scoring';
import type { ContextSnapshot } from './visitor-context';

export interface SimulatedVisitor {
  persona?: string;
  scores?: Record<string, number>;
  geo?: Record<string, unknown>;
  channel?: string;
  campaign?: string;
  device?: string;
  language?: string;
  referrer?: string;
  utm?: Record<string, string>;
  returning?: boolean;
  identified?: boolean;
  goals?: string[];
  /** the contact's consent; `implied` when not given */
  consent?: string;
}

/**
 * Scores are taken as the visitor's average per key over `minViews` scored views, so a persona
 * matches exactly as it would for a real visitor; a persona named outright wins over scores.
 */
export function simulatedSnapshot(
  visitor: SimulatedVisitor,
  profiles: ProfileDef[],
  personas: Map<string, PersonaDef[]>,
  minViews: number,
  now: number
): { snapshot: ContextSnapshot; matches: Array<{ profile: string; match: PersonaMatch | null }> } {
  const states: Record<string, ProfileState> = {};
  const matched: ContextSnapshot['contact']['personas'] = {};
  const matches: Array<{ profile: string; match: PersonaMatch | null }> = [];
  for (const profile of profiles) {
    const keys = profile.keys.filter((key) => visitor.scores?.[key.slug] !== undefined);
    if (keys.length > 0) {
      const totals = Object.fromEntries(
        keys.map((key) => [key.slug, visitor.scores![key.slug] * minViews])
      );
      states[profile.slug] = { totals, weight: minViews, views: minViews, updatedAt: now };
    }
    const match = matchPersona(states[profile.slug], profile, personas.get(profile.slug) ?? [], {
      minViews,
    });
    matches.push({ profile: profile.slug, match });
    matched[profile.slug] = match ? { persona: match.persona, distance: match.distance } : null;
  }
  if (visitor.persona) {
    const profile = profiles.find((candidate) =>
      (personas.get(candidate.slug) ?? []).some((persona) => persona.slug === visitor.persona)
    );
    if (profile) matched[profile.slug] = { persona: visitor.persona, distance: 0 };
  }
  const goals = Object.fromEntries(
    (visitor.goals ?? []).map((goal) => [goal, { count: 1, lastAt: now }])
  );
  return {
    matches,
    snapshot: {
      now,
      profiles,
      contact: {
        identified: !!visitor.identified,
        consent: visitor.consent ?? 'implied',
        profiles: states,
        personas: matched,
        goals,
        engagementValue: 0,
        attributes: {},
      },
      visit: {
        number: visitor.returning ? 2 : 1,
        pageCount: 1,
        value: 0,
        goals: [],
        channel: visitor.channel ?? 'direct',
        campaign: visitor.campaign ?? null,
        referrer: visitor.referrer ?? null,
        utm: visitor.utm ?? {},
        geo: visitor.geo ?? null,
        device: visitor.device ?? 'desktop',
        os: null,
        browser: null,
        languages: visitor.language ? [visitor.language] : [],
      },
    },
  };
}

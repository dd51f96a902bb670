/**
 * Several instances serving one visitor each change their own copy of its contact and visit.
 * When a write finds the row changed by another instance (its version moved on), the changes
 * this instance made since it last read or wrote the row (`mine` against `base`) are re-applied
 * to the row as it is now (`theirs`): counts add up, the latest time wins, a field this instance
 * did not touch keeps the other's value. Profile totals decay linearly, so their difference is
 * exact at any common time. Pure module.
 */
import { decayState, type ProfileDef, type ProfileState } from './scoring';
import type { GoalHistory } from './visitor-context';
import type { StoredAssignment } from './experiments';

/** What a contact row holds of a visitor (personas are derived from the profiles). */
export interface ContactState {
  identified: boolean;
  email: string | null;
  externalId: string | null;
  consent: string | null;
  attributes: Record<string, unknown>;
  profiles: Record<string, ProfileState>;
  goals: Record<string, GoalHistory>;
  experiments: Record<string, StoredAssignment>;
  engagementValue: number;
  visitCount: number;
  firstSeenAt: number;
  lastSeenAt: number;
  currentVisitKey: string | null;
}

/** What requests change of a visit row; the rest is fixed when the visit starts. */
export interface VisitState {
  pageCount: number;
  value: number;
  goals: string[];
  lastActivityAt: number;
  channel: string | null;
  campaign: string | null;
}

/** The base of a contact not stored yet: everything it holds is its own change. */
export const NO_CONTACT: ContactState = {
  identified: false,
  email: null,
  externalId: null,
  consent: null,
  attributes: {},
  profiles: {},
  goals: {},
  experiments: {},
  engagementValue: 0,
  visitCount: 0,
  firstSeenAt: Infinity,
  lastSeenAt: 0,
  currentVisitKey: null,
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Mine where this instance changed it, else theirs. */
const changed = <T>(base: T, mine: T, theirs: T): T => (same(base, mine) ? theirs : mine);

/** theirs + (mine − base), all decayed to the latest of their times. */
export function rebaseProfile(
  base: ProfileState | undefined,
  mine: ProfileState | undefined,
  theirs: ProfileState | undefined,
  profile: ProfileDef
): ProfileState | undefined {
  if (!mine || same(base, mine)) return theirs;
  const at = Math.max(base?.updatedAt ?? 0, mine.updatedAt, theirs?.updatedAt ?? 0);
  const empty: ProfileState = { totals: {}, weight: 0, views: 0, updatedAt: at };
  const [b, m, t] = [base ?? empty, mine, theirs ?? empty].map((state) =>
    decayState(state, profile, at)
  );
  const totals: Record<string, number> = {};
  for (const slug of new Set([...Object.keys(t.totals), ...Object.keys(m.totals)])) {
    totals[slug] = Math.max(
      0,
      (t.totals[slug] ?? 0) + (m.totals[slug] ?? 0) - (b.totals[slug] ?? 0)
    );
  }
  return {
    totals,
    weight: Math.max(0, t.weight + m.weight - b.weight),
    views: Math.max(0, t.views + m.views - b.views),
    updatedAt: at,
  };
}

function rebaseGoals(
  base: Record<string, GoalHistory>,
  mine: Record<string, GoalHistory>,
  theirs: Record<string, GoalHistory>
): Record<string, GoalHistory> {
  const goals = { ...theirs };
  for (const [slug, history] of Object.entries(mine)) {
    const added = history.count - (base[slug]?.count ?? 0);
    if (added <= 0) continue;
    goals[slug] = {
      count: (theirs[slug]?.count ?? 0) + added,
      lastAt: Math.max(theirs[slug]?.lastAt ?? 0, history.lastAt),
    };
  }
  return goals;
}

export function rebaseContact(
  base: ContactState,
  mine: ContactState,
  theirs: ContactState,
  profiles: ProfileDef[]
): ContactState {
  const rebasedProfiles = { ...theirs.profiles };
  for (const profile of profiles) {
    const state = rebaseProfile(
      base.profiles[profile.slug],
      mine.profiles[profile.slug],
      theirs.profiles[profile.slug],
      profile
    );
    if (state) rebasedProfiles[profile.slug] = state;
  }
  const attributes = { ...theirs.attributes };
  for (const [name, value] of Object.entries(mine.attributes))
    if (!same(base.attributes[name], value)) attributes[name] = value;
  return {
    identified: theirs.identified || mine.identified,
    email: changed(base.email, mine.email, theirs.email),
    externalId: changed(base.externalId, mine.externalId, theirs.externalId),
    consent: changed(base.consent, mine.consent, theirs.consent),
    attributes,
    profiles: rebasedProfiles,
    goals: rebaseGoals(base.goals, mine.goals, theirs.goals),
    // the first exposure stays: both would have bucketed the visitor alike anyway
    experiments: { ...mine.experiments, ...theirs.experiments },
    engagementValue: theirs.engagementValue + mine.engagementValue - base.engagementValue,
    visitCount: theirs.visitCount + mine.visitCount - base.visitCount,
    firstSeenAt: Math.min(theirs.firstSeenAt, mine.firstSeenAt),
    lastSeenAt: Math.max(theirs.lastSeenAt, mine.lastSeenAt),
    currentVisitKey: changed(base.currentVisitKey, mine.currentVisitKey, theirs.currentVisitKey),
  };
}

export function rebaseVisit(base: VisitState, mine: VisitState, theirs: VisitState): VisitState {
  return {
    pageCount: theirs.pageCount + mine.pageCount - base.pageCount,
    value: theirs.value + mine.value - base.value,
    goals: [...new Set([...theirs.goals, ...mine.goals])],
    lastActivityAt: Math.max(theirs.lastActivityAt, mine.lastActivityAt),
    channel: changed(base.channel, mine.channel, theirs.channel),
    campaign: changed(base.campaign, mine.campaign, theirs.campaign),
  };
}

/**
 * Merging two contacts that turn out to be one person (identify on a second device, a tracked
 * link): the histories are disjoint, so totals add up exactly and nothing is counted twice.
 */
import { decayState, type ProfileDef, type ProfileState } from './scoring';
import type { GoalHistory } from './visitor-context';

export interface MergeableContact {
  profiles: Record<string, ProfileState>;
  goals: Record<string, GoalHistory>;
  engagementValue: number;
  visitCount: number;
  attributes: Record<string, unknown>;
  firstSeenAt: number;
  lastSeenAt: number;
}

export function mergeProfileStates(
  a: ProfileState | undefined,
  b: ProfileState | undefined,
  profile: ProfileDef,
  now: number
): ProfileState | undefined {
  if (!a || !b) return a ?? b;
  const x = decayState(a, profile, now);
  const y = decayState(b, profile, now);
  const totals: Record<string, number> = { ...x.totals };
  for (const [slug, total] of Object.entries(y.totals)) totals[slug] = (totals[slug] ?? 0) + total;
  return {
    totals,
    weight: x.weight + y.weight,
    views: x.views + y.views,
    updatedAt: Math.max(x.updatedAt, y.updatedAt),
  };
}

export function mergeGoalHistories(
  a: Record<string, GoalHistory>,
  b: Record<string, GoalHistory>
): Record<string, GoalHistory> {
  const merged: Record<string, GoalHistory> = { ...a };
  for (const [slug, history] of Object.entries(b)) {
    const other = merged[slug];
    merged[slug] = other
      ? { count: other.count + history.count, lastAt: Math.max(other.lastAt, history.lastAt) }
      : history;
  }
  return merged;
}

/** The survivor's data after absorbing `absorbed`; the survivor's attributes win on conflicts. */
export function mergeContacts<T extends MergeableContact>(
  survivor: T,
  absorbed: MergeableContact,
  profiles: ProfileDef[],
  now: number
): T {
  const mergedProfiles: Record<string, ProfileState> = {
    ...absorbed.profiles,
    ...survivor.profiles,
  };
  for (const profile of profiles) {
    const state = mergeProfileStates(
      survivor.profiles[profile.slug],
      absorbed.profiles[profile.slug],
      profile,
      now
    );
    if (state) mergedProfiles[profile.slug] = state;
  }
  return {
    ...survivor,
    profiles: mergedProfiles,
    goals: mergeGoalHistories(survivor.goals, absorbed.goals),
    engagementValue: survivor.engagementValue + absorbed.engagementValue,
    visitCount: survivor.visitCount + absorbed.visitCount,
    attributes: { ...absorbed.attributes, ...survivor.attributes },
    firstSeenAt: Math.min(survivor.firstSeenAt, absorbed.firstSeenAt),
    lastSeenAt: Math.max(survivor.lastSeenAt, absorbed.lastSeenAt),
  };
}

/**
 * The visitor context that rules read, as a path reader over a plain snapshot of the contact,
 * the visit and the request. Which paths exist and how each is read is core/context-paths.
 * Values are computed on first read and memoized, so a rule set pays only for the paths it uses.
 */
import type { ProfileDef, ProfileState } from './scoring';
import { derivedValues, readPath } from './context-paths';

export { localTime } from './local-time';

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

/** Returns the value of a path for this visitor (undefined when unknown). */
export type ContextReader = (path: string) => unknown;

export function createContextReader(snapshot: ContextSnapshot): ContextReader {
  const derived = derivedValues(snapshot);
  const values = new Map<string, unknown>();
  return (path) => {
    if (!values.has(path)) values.set(path, readPath(snapshot, derived, path));
    return values.get(path);
  };
}

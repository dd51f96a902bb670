/** `GET /cxm/simulator/targets`, `POST /cxm/simulate`: which variant a described visitor would get, and why. */
import type { ExplainedRule } from '../core/rules';
import type { PersonaDistance } from '../core/persona';
import type { DeviceClass } from './constants';
import type { PreviewField } from '../core/preview';

export type { PreviewField } from '../core/preview';

export type { ExplainedRule, ExplainNode } from '../core/rules';

/** A document with enabled variant rules. */
export interface SimulationTarget {
  uid: string;
  documentId: string;
  name: string;
}

export interface Named {
  slug: string;
  name: string;
}

/** What a simulated visitor can be given, named. */
export interface SimulatorTargets {
  targets: SimulationTarget[];
  personas: Named[];
  /** each profile's keys with their range: the sliders of the visitor's scores */
  profiles: Array<Named & { keys: Array<Named & { min: number; max: number }> }>;
  goals: Named[];
  campaigns: Array<Named & { channel: string | null }>;
}

/** The visitor to simulate; anything left out is what a first anonymous visit has. */
export interface SimulatedContext {
  persona?: string;
  /** average value per profile key, as a visitor's reading would have built it */
  scores?: Record<string, number>;
  geo?: { country?: string; region?: string; city?: string; latitude?: number; longitude?: number };
  channel?: string;
  campaign?: string;
  device?: DeviceClass;
  language?: string;
  referrer?: string;
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  /** the visitor's local date and time, YYYY-MM-DDTHH:mm: what time.hour, time.weekday and date read */
  at?: string;
  returning?: boolean;
  identified?: boolean;
  goals?: string[];
}

export interface SimulationRequest {
  uid: string;
  documentId: string;
  context?: SimulatedContext;
}

export interface Simulation {
  /** the rule set's documentId (where the rule builder edits these rules); null for an experiment alone */
  ruleSet: string | null;
  served: {
    rule: string;
    documentId: string;
    title: string | null;
    /** the entry's main text fields as plain text */
    preview: PreviewField[];
    /** what the `X-CXM-Variant` header names for this document; null when nothing applies */
    label: string | null;
    experimentVariant: string | null;
  };
  rules: ExplainedRule[];
  personas: Array<{ profile: string; persona: string | null; distances: PersonaDistance[] }>;
  /** what the rules read of the simulated visitor, by context path */
  context: Record<string, unknown>;
  /** a note when an experiment buckets real visitors before these rules apply */
  experiment: string | null;
  /** slug → name of what rules compare with, by kind */
  names: Record<'persona' | 'goal' | 'campaign' | 'profileKey', Record<string, string>>;
}

/** `GET /cxm/simulator/targets`, `POST /cxm/simulate`: which variant a described visitor would get, and why. */
import type { ExplainedRule } from '../core/rules';
import type { PersonaDistance } from '../core/persona';
import type { DeviceClass } from './constants';

export type { ExplainedRule, ExplainNode } from '../core/rules';

/** A document with enabled variant rules. */
export interface SimulationTarget {
  uid: string;
  documentId: string;
  name: string;
}

export interface SimulatorTargets {
  targets: SimulationTarget[];
  personas: Array<{ slug: string; name: string }>;
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
  served: { rule: string; documentId: string; title: string | null };
  rules: ExplainedRule[];
  personas: Array<{ profile: string; persona: string | null; distances: PersonaDistance[] }>;
  /** what the rules read of the simulated visitor, by context path */
  context: Record<string, unknown>;
  /** a note when an experiment buckets real visitors before these rules apply */
  experiment: string | null;
}

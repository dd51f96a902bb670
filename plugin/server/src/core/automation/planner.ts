/**
 * What an enrollment does at its current step, decided from the flow, the time and the
 * contact's context: keep waiting (until when), follow an edge, run a side effect, or exit.
 * Flows are compiled once per published version (conditions into closures). Pure module.
 */
import { compileCondition, type CompiledCondition, type PathCatalog } from '../rules';
import type { ContextReader } from '../visitor-context';
import { hash } from '../bucketing';
import { durationMs, MS_PER_HOUR, type Flow, type LocalMoment, type Step } from './flow';

export type EffectStep = Extract<Step, { type: 'email' | 'points' | 'attribute' | 'webhook' }>;

export interface CompiledFlow {
  start: string;
  steps: ReadonlyMap<string, Step>;
  conditions: ReadonlyMap<string, CompiledCondition>;
}

export function compileFlow(flow: Flow, catalog: PathCatalog): CompiledFlow {
  const conditions = new Map<string, CompiledCondition>();
  for (const step of flow.steps) {
    if (step.type === 'condition' || step.type === 'wait-until')
      conditions.set(step.id, compileCondition(step.condition, catalog));
  }
  return {
    start: flow.start,
    steps: new Map(flow.steps.map((step) => [step.id, step])),
    conditions,
  };
}

export interface StepInput {
  now: number;
  /** when the enrollment arrived at this step */
  enteredAt: number;
  read: ContextReader;
  /** the contact's time zone (from GeoIP), UTC when unknown */
  timeZone: string | null;
  /** stable per contact: the split's bucketing id */
  contactId: string;
  /** stable per automation: the split's seed, with the step id */
  automationId: string;
}

export type Plan =
  | { kind: 'wait'; until: number }
  | { kind: 'next'; next: string | null; result: string }
  | { kind: 'effect'; step: EffectStep }
  | { kind: 'exit' };

const DEFAULT_CHECK_EVERY_MS = MS_PER_HOUR;
const edge = (target: string | null | undefined) => target ?? null;

/** Offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second')
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function validZone(timeZone: string | null): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * The first instant after `after` at which the wall clock in `timeZone` shows `moment` (on one
 * of its weekdays). A local time skipped by a DST change falls on the instant an hour later.
 */
export function nextLocalMoment(
  after: number,
  timeZone: string | null,
  moment: LocalMoment
): number {
  const zone = validZone(timeZone);
  const weekdays = moment.weekdays?.length ? new Set(moment.weekdays) : null;
  const localNow = after + zoneOffsetMs(after, zone);
  const today = Math.floor(localNow / 86_400_000) * 86_400_000;
  for (let day = 0; day <= 8; day++) {
    const localDay = today + day * 86_400_000;
    if (weekdays && !weekdays.has(new Date(localDay).getUTCDay())) continue;
    const localTarget = localDay + moment.hour * MS_PER_HOUR + (moment.minute ?? 0) * 60_000;
    // the offset at the target may differ from today's (DST): correct once with it
    let instant = localTarget - zoneOffsetMs(localTarget - zoneOffsetMs(after, zone), zone);
    instant = localTarget - zoneOffsetMs(instant, zone);
    if (instant > after) return instant;
  }
  throw new Error('no matching weekday within a week'); // unreachable: weekdays are 0..6
}

/** When a wait step that began at `enteredAt` is over. */
export function waitEnd(
  step: Extract<Step, { type: 'wait' }>,
  enteredAt: number,
  timeZone: string | null
): number {
  const afterDuration = enteredAt + (step.duration ? durationMs(step.duration) : 0);
  return step.until ? nextLocalMoment(afterDuration, timeZone, step.until) : afterDuration;
}

/** The branch of a split for this contact: GrowthBook-compatible hashing of the contact id. */
export function splitBranch(
  step: Extract<Step, { type: 'split' }>,
  automationId: string,
  contactId: string
): number {
  const n = hash(`${automationId}:${step.id}`, contactId, 2) ?? 0;
  let cumulative = 0;
  for (let index = 0; index < step.branches.length; index++) {
    cumulative += step.branches[index].weight;
    if (n < cumulative) return index;
  }
  return step.branches.length - 1;
}

export function planStep(flow: CompiledFlow, stepId: string, input: StepInput): Plan {
  const step = flow.steps.get(stepId);
  if (!step) throw new Error(`the flow has no step '${stepId}'`);
  switch (step.type) {
    case 'wait': {
      const until = waitEnd(step, input.enteredAt, input.timeZone);
      return input.now < until
        ? { kind: 'wait', until }
        : { kind: 'next', next: edge(step.next), result: 'waited' };
    }
    case 'condition': {
      const holds = flow.conditions.get(step.id)!(input.read);
      return { kind: 'next', next: edge(holds ? step.yes : step.no), result: holds ? 'yes' : 'no' };
    }
    case 'wait-until': {
      if (flow.conditions.get(step.id)!(input.read))
        return { kind: 'next', next: edge(step.next), result: 'held' };
      const deadline = input.enteredAt + durationMs(step.timeout);
      if (input.now >= deadline)
        return { kind: 'next', next: edge(step.onTimeout), result: 'timeout' };
      const every = step.checkEvery ? durationMs(step.checkEvery) : DEFAULT_CHECK_EVERY_MS;
      return { kind: 'wait', until: Math.min(input.now + every, deadline) };
    }
    case 'split': {
      const index = splitBranch(step, input.automationId, input.contactId);
      return { kind: 'next', next: edge(step.branches[index].next), result: `branch ${index}` };
    }
    case 'exit':
      return { kind: 'exit' };
    default:
      return { kind: 'effect', step };
  }
}

/** Where a step goes once its side effect is done. */
export function afterEffect(step: EffectStep): string | null {
  return edge(step.next);
}

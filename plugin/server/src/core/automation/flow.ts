/**
 * An automation's flow: steps with ids, each naming the steps its edges lead to (`next`,
 * `yes`/`no`, `onTimeout`, split branches); an edge that is null or absent ends the path.
 * `validateFlow` checks what activation needs: every edge leads to a step, every step is
 * reachable and can reach an end, every loop passes a timed wait, and every step's settings
 * (conditions in the rule vocabulary, templates, goals, campaigns) are valid. Pure module.
 */
import { validateCondition, type PathCatalog, type RuleIssue } from '../rules';
import { validateTemplate } from './template';

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
}

/** A local weekday/hour in the contact's time zone: the first such moment after the wait begins. */
export interface LocalMoment {
  /** 0 = Sunday … 6 = Saturday; any day when absent */
  weekdays?: number[];
  hour: number;
  minute?: number;
}

type Edge = string | null | undefined;

export type Step =
  | { id: string; type: 'wait'; duration?: Duration; until?: LocalMoment; next?: Edge }
  | { id: string; type: 'condition'; condition: unknown; yes?: Edge; no?: Edge }
  | {
      id: string;
      type: 'wait-until';
      condition: unknown;
      timeout: Duration;
      /** how often the condition is checked again; one hour when absent */
      checkEvery?: Duration;
      next?: Edge;
      onTimeout?: Edge;
    }
  | {
      id: string;
      type: 'email';
      subject: string;
      text: string;
      html?: string;
      /** campaign credited by the tracked links of this e-mail */
      campaign?: string;
      next?: Edge;
    }
  | { id: string; type: 'points'; goal?: string; points?: number; next?: Edge }
  | {
      id: string;
      type: 'attribute';
      name: string;
      value: string | number | boolean | null;
      next?: Edge;
    }
  | { id: string; type: 'webhook'; url: string; body?: Record<string, unknown>; next?: Edge }
  | { id: string; type: 'split'; branches: Array<{ weight: number; next?: Edge }> }
  | { id: string; type: 'exit' };

export type StepType = Step['type'];

export interface Flow {
  start: string;
  steps: Step[];
}

/** What the settings of steps are checked against. */
export interface FlowVocabulary {
  catalog: PathCatalog;
  goals: ReadonlySet<string>;
  campaigns: ReadonlySet<string>;
}

/** Entries of an enrolment's history that are kept (the latest). */
export const MAX_ENROLLMENT_HISTORY = 100;

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export function durationMs(duration: Duration): number {
  return (
    (duration.days ?? 0) * MS_PER_DAY +
    (duration.hours ?? 0) * MS_PER_HOUR +
    (duration.minutes ?? 0) * MS_PER_MINUTE
  );
}

/** The labelled edges of a step, in a fixed order. */
export function edgesOf(step: Step): Array<{ label: string; target: Edge }> {
  switch (step.type) {
    case 'condition':
      return [
        { label: 'yes', target: step.yes },
        { label: 'no', target: step.no },
      ];
    case 'wait-until':
      return [
        { label: 'next', target: step.next },
        { label: 'onTimeout', target: step.onTimeout },
      ];
    case 'split':
      return step.branches.map((branch, index) => ({
        label: `branches.${index}.next`,
        target: branch.next,
      }));
    case 'exit':
      return [];
    default:
      return [{ label: 'next', target: step.next }];
  }
}

/** A wait that always takes time: the only kind of step that may close a loop. */
export function isTimedWait(step: Step): boolean {
  return step.type === 'wait';
}

function settingsIssues(step: Step, path: string, vocabulary: FlowVocabulary): RuleIssue[] {
  const nested = (issues: RuleIssue[], field: string) =>
    issues.map((issue) => ({
      path: issue.path ? `${path}.${field}.${issue.path}` : `${path}.${field}`,
      message: issue.message,
    }));
  switch (step.type) {
    case 'wait':
      if (!step.duration && !step.until)
        return [{ path, message: 'a wait needs a duration or a weekday/hour to wait until' }];
      if (step.duration && durationMs(step.duration) < MS_PER_MINUTE)
        return [{ path: `${path}.duration`, message: 'a wait lasts at least one minute' }];
      return [];
    case 'condition':
      return nested(validateCondition(step.condition, vocabulary.catalog), 'condition');
    case 'wait-until': {
      const issues = nested(validateCondition(step.condition, vocabulary.catalog), 'condition');
      if (durationMs(step.timeout) < MS_PER_MINUTE)
        issues.push({ path: `${path}.timeout`, message: 'the timeout is at least one minute' });
      if (step.checkEvery && durationMs(step.checkEvery) < MS_PER_MINUTE)
        issues.push({ path: `${path}.checkEvery`, message: 'checks are at least a minute apart' });
      return issues;
    }
    case 'email': {
      const issues = [
        ...nested(validateTemplate(step.subject, 'text'), 'subject'),
        ...nested(validateTemplate(step.text, 'text'), 'text'),
        ...(step.html !== undefined ? nested(validateTemplate(step.html, 'html'), 'html') : []),
      ];
      if (step.campaign !== undefined && !vocabulary.campaigns.has(step.campaign))
        issues.push({ path: `${path}.campaign`, message: `unknown campaign '${step.campaign}'` });
      return issues;
    }
    case 'points':
      if (step.goal === undefined && step.points === undefined)
        return [{ path, message: 'name a goal to reach or a number of points to add' }];
      if (step.goal !== undefined && !vocabulary.goals.has(step.goal))
        return [{ path: `${path}.goal`, message: `unknown goal '${step.goal}'` }];
      return [];
    case 'split': {
      const total = step.branches.reduce((sum, branch) => sum + branch.weight, 0);
      return Math.abs(total - 1) > 0.001
        ? [{ path: `${path}.branches`, message: `the weights add up to ${total}, not 1` }]
        : [];
    }
    default:
      return [];
  }
}

/** Every problem that keeps the flow from being activated, each with the path of its step. */
export function validateFlow(flow: Flow, vocabulary: FlowVocabulary): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const index = new Map<string, number>();
  flow.steps.forEach((step, position) => {
    if (index.has(step.id))
      issues.push({ path: `steps.${position}.id`, message: `duplicate step id '${step.id}'` });
    else index.set(step.id, position);
  });
  if (!index.has(flow.start))
    issues.push({ path: 'start', message: `the start step '${flow.start}' does not exist` });

  flow.steps.forEach((step, position) => {
    const path = `steps.${position}`;
    for (const edge of edgesOf(step)) {
      if (edge.target && !index.has(edge.target))
        issues.push({
          path: `${path}.${edge.label}`,
          message: `step '${step.id}' leads to '${edge.target}', which does not exist`,
        });
    }
    issues.push(...settingsIssues(step, path, vocabulary));
  });
  if (issues.length > 0) return issues;

  const stepOf = (id: string) => flow.steps[index.get(id)!];
  const successors = (step: Step) =>
    edgesOf(step).flatMap((edge) => (edge.target ? [edge.target] : []));
  const ends = (step: Step) => step.type === 'exit' || edgesOf(step).some((edge) => !edge.target);

  // reachable from the start
  const reachable = new Set<string>([flow.start]);
  const queue = [flow.start];
  while (queue.length > 0) {
    for (const next of successors(stepOf(queue.pop()!))) {
      if (reachable.has(next)) continue;
      reachable.add(next);
      queue.push(next);
    }
  }
  flow.steps.forEach((step, position) => {
    if (!reachable.has(step.id))
      issues.push({ path: `steps.${position}`, message: `step '${step.id}' is never reached` });
  });

  // can reach an end: fixpoint over the reverse edges
  const canEnd = new Set(flow.steps.filter(ends).map((step) => step.id));
  for (let changed = true; changed;) {
    changed = false;
    for (const step of flow.steps) {
      if (!canEnd.has(step.id) && successors(step).some((next) => canEnd.has(next))) {
        canEnd.add(step.id);
        changed = true;
      }
    }
  }
  flow.steps.forEach((step, position) => {
    if (reachable.has(step.id) && !canEnd.has(step.id))
      issues.push({
        path: `steps.${position}`,
        message: `no path from step '${step.id}' ever ends`,
      });
  });

  // a loop without a timed wait would run forever in one tick: find cycles among the other steps
  const untimed = flow.steps.filter((step) => !isTimedWait(step)).map((step) => step.id);
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]) => {
    state.set(id, 'open');
    for (const next of successors(stepOf(id))) {
      if (isTimedWait(stepOf(next))) continue;
      if (state.get(next) === 'open') {
        const path = [...trail, id];
        const loop = [...path.slice(path.indexOf(next)), next];
        const key = [...new Set(loop)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          issues.push({
            path: `steps.${index.get(next)}`,
            message: `the loop ${loop.join(' → ')} has no wait`,
          });
        }
      } else if (!state.has(next)) visit(next, [...trail, id]);
    }
    state.set(id, 'done');
  };
  for (const id of untimed) if (!state.has(id)) visit(id, []);
  return issues;
}

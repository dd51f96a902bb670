/**
 * The flow editor's pure helpers: a flow's steps as diagram nodes and its paths as edges, edits
 * (connect, disconnect, add, delete) as new flows, a first layout, and the server's problems
 * sorted to the steps they concern. The edge names are the server's (`next`, `yes`, `no`,
 * `onTimeout`, `branches.<n>.next`), so a problem's path names the edge it is about.
 */
import type { Flow, RuleIssue, Step, StepType } from '../../../server/src/contracts';

/** The diagram's node for the trigger; its one edge leads to the flow's start. */
export const TRIGGER_NODE = 'trigger';

export const STEP_TYPES: StepType[] = [
  'wait',
  'condition',
  'wait-until',
  'email',
  'points',
  'attribute',
  'webhook',
  'split',
  'exit',
];

export interface StepEdge {
  /** the edge's name, also the source handle's id */
  handle: string;
  target: string | null;
}

/** The edges of a step, in the order their handles are drawn. */
export function edgesOf(step: Step): StepEdge[] {
  const target = (value: string | null | undefined) => value ?? null;
  switch (step.type) {
    case 'condition':
      return [
        { handle: 'yes', target: target(step.yes) },
        { handle: 'no', target: target(step.no) },
      ];
    case 'wait-until':
      return [
        { handle: 'next', target: target(step.next) },
        { handle: 'onTimeout', target: target(step.onTimeout) },
      ];
    case 'split':
      return step.branches.map((branch, index) => ({
        handle: `branches.${index}.next`,
        target: target(branch.next),
      }));
    case 'exit':
      return [];
    default:
      return [{ handle: 'next', target: target(step.next) }];
  }
}

/** The step with its edge `handle` leading to `target` (null: the path ends there). */
export function withEdge(step: Step, handle: string, target: string | null): Step {
  const branch = /^branches\.(\d+)\.next$/.exec(handle);
  if (branch && step.type === 'split')
    return {
      ...step,
      branches: step.branches.map((entry, index) =>
        index === Number(branch[1]) ? { ...entry, next: target } : entry
      ),
    };
  if (!edgesOf(step).some((edge) => edge.handle === handle)) return step;
  return { ...step, [handle]: target } as Step;
}

export function connect(
  flow: Flow,
  source: string,
  handle: string | null | undefined,
  target: string
): Flow {
  if (source === TRIGGER_NODE) return { ...flow, start: target };
  return {
    ...flow,
    steps: flow.steps.map((step) =>
      step.id === source ? withEdge(step, handle ?? 'next', target) : step
    ),
  };
}

export function disconnect(flow: Flow, source: string, handle: string): Flow {
  return {
    ...flow,
    steps: flow.steps.map((step) => (step.id === source ? withEdge(step, handle, null) : step)),
  };
}

/** The flow without the step; paths that led to it end instead, a start there moves to the first step left. */
export function removeStep(flow: Flow, id: string): Flow {
  const steps = flow.steps
    .filter((step) => step.id !== id)
    .map((step) =>
      edgesOf(step).reduce(
        (changed, edge) => (edge.target === id ? withEdge(changed, edge.handle, null) : changed),
        step
      )
    );
  return { start: flow.start === id ? (steps[0]?.id ?? '') : flow.start, steps };
}

export function unusedStepId(flow: Flow, type: StepType): string {
  for (let number = 1; ; number++) {
    const id = `${type}-${number}`;
    if (!flow.steps.some((step) => step.id === id)) return id;
  }
}

/** The flow with `step` added; the first step becomes the start. */
export function addStep(flow: Flow, step: Step): Flow {
  return { start: flow.steps.length === 0 ? step.id : flow.start, steps: [...flow.steps, step] };
}

export interface Position {
  x: number;
  y: number;
}

export const LAYER_HEIGHT = 170;
export const COLUMN_WIDTH = 280;

/** Top to bottom from the trigger: each step one layer below the first step that leads to it; steps never reached at the bottom. */
export function layout(flow: Flow): Record<string, Position> {
  const byId = new Map(flow.steps.map((step) => [step.id, step]));
  const layerOf = new Map<string, number>();
  const queue: string[] = [];
  if (byId.has(flow.start)) {
    layerOf.set(flow.start, 1);
    queue.push(flow.start);
  }
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const edge of edgesOf(byId.get(id)!)) {
      if (edge.target && byId.has(edge.target) && !layerOf.has(edge.target)) {
        layerOf.set(edge.target, layerOf.get(id)! + 1);
        queue.push(edge.target);
      }
    }
  }
  const deepest = Math.max(0, ...layerOf.values());
  const layers = new Map<number, string[]>([[0, [TRIGGER_NODE]]]);
  for (const step of flow.steps) {
    const layer = layerOf.get(step.id) ?? deepest + 1;
    layers.set(layer, [...(layers.get(layer) ?? []), step.id]);
  }
  const positions: Record<string, Position> = {};
  for (const [layer, ids] of layers)
    ids.forEach((id, column) => {
      positions[id] = {
        x: (column - (ids.length - 1) / 2) * COLUMN_WIDTH,
        y: layer * LAYER_HEIGHT,
      };
    });
  return positions;
}

export interface NodeProblem {
  /** the field or edge of the step it is about (`duration`, `next`), empty for the step itself */
  field: string;
  message: string;
}

/**
 * The problems of a trigger and flow by diagram node (TRIGGER_NODE for the trigger and the
 * start); `other` holds those of the automation's own fields (name, re-entry).
 */
export function problemsByNode(
  flow: Flow,
  problems: RuleIssue[]
): { byNode: Record<string, NodeProblem[]>; other: NodeProblem[] } {
  const byNode: Record<string, NodeProblem[]> = {};
  const other: NodeProblem[] = [];
  const add = (node: string, problem: NodeProblem) =>
    (byNode[node] = [...(byNode[node] ?? []), problem]);
  for (const { path, message } of problems) {
    const step = /^flow\.steps\.(\d+)(?:\.(.*))?$/.exec(path);
    const id = step ? flow.steps[Number(step[1])]?.id : undefined;
    if (id) add(id, { field: step![2] ?? '', message });
    else if (path === 'trigger' || path.startsWith('trigger.'))
      add(TRIGGER_NODE, { field: path.slice('trigger.'.length), message });
    else if (path === 'flow.start') add(TRIGGER_NODE, { field: 'start', message });
    else other.push({ field: path, message });
  }
  return { byNode, other };
}

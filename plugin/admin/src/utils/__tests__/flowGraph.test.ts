import type { Flow } from '../../../../server/src/contracts';
import {
  TRIGGER_NODE,
  addStep,
  connect,
  disconnect,
  edgesOf,
  layout,
  problemsByNode,
  removeStep,
  unusedStepId,
} from '../flowGraph';

const scenario: Flow = {
  start: 'wait-1',
  steps: [
    { id: 'wait-1', type: 'wait', duration: { days: 14 }, next: 'check' },
    { id: 'check', type: 'condition', condition: {}, yes: 'mail', no: null },
    { id: 'mail', type: 'email', subject: 'Hi', text: 'Hello' },
  ],
};

test('connecting sets the named edge; from the trigger it sets the start', () => {
  const connected = connect(scenario, 'check', 'no', 'wait-1');
  expect(connected.steps[1]).toMatchObject({ yes: 'mail', no: 'wait-1' });
  expect(connect(scenario, TRIGGER_NODE, null, 'mail').start).toBe('mail');
  expect(disconnect(connected, 'check', 'yes').steps[1]).toMatchObject({ yes: null });
});

test('a split connects one branch; unknown handles change nothing', () => {
  const split: Flow = {
    start: 's',
    steps: [{ id: 's', type: 'split', branches: [{ weight: 0.5 }, { weight: 0.5 }] }],
  };
  const connected = connect(split, 's', 'branches.1.next', 'x');
  expect(edgesOf(connected.steps[0])).toEqual([
    { handle: 'branches.0.next', target: null },
    { handle: 'branches.1.next', target: 'x' },
  ]);
  expect(connect(scenario, 'mail', 'yes', 'check')).toEqual(scenario);
});

test('removing a step ends the paths that led to it and moves a start there', () => {
  const removed = removeStep(scenario, 'wait-1');
  expect(removed.start).toBe('check');
  expect(removed.steps.map((step) => step.id)).toEqual(['check', 'mail']);
  expect(removeStep(scenario, 'mail').steps[1]).toMatchObject({ yes: null });
});

test('new steps get unused ids; the first becomes the start', () => {
  expect(unusedStepId(scenario, 'wait')).toBe('wait-2');
  const first = addStep({ start: '', steps: [] }, { id: 'exit-1', type: 'exit' });
  expect(first.start).toBe('exit-1');
  expect(addStep(first, { id: 'exit-2', type: 'exit' }).start).toBe('exit-1');
});

test('the layout puts each step a layer below the step leading to it, unreached ones last', () => {
  const positions = layout({
    ...scenario,
    steps: [...scenario.steps, { id: 'lost', type: 'exit' }],
  });
  expect(positions[TRIGGER_NODE].y).toBeLessThan(positions['wait-1'].y);
  expect(positions['wait-1'].y).toBeLessThan(positions.check.y);
  expect(positions.check.y).toBeLessThan(positions.mail.y);
  expect(positions.lost.y).toBeGreaterThan(positions.mail.y);
});

test("the server's problems are sorted to the steps and the trigger", () => {
  const { byNode, other } = problemsByNode(scenario, [
    { path: 'flow.steps.2', message: "no path from step 'mail' ever ends" },
    { path: 'flow.steps.0.duration', message: 'a wait lasts at least one minute' },
    { path: 'trigger.goal', message: "unknown goal 'x'" },
    { path: 'flow.start', message: 'missing' },
    { path: 'name', message: 'Required' },
  ]);
  expect(byNode.mail).toEqual([{ field: '', message: "no path from step 'mail' ever ends" }]);
  expect(byNode['wait-1']).toEqual([
    { field: 'duration', message: 'a wait lasts at least one minute' },
  ]);
  expect(byNode[TRIGGER_NODE].map((problem) => problem.field)).toEqual(['goal', 'start']);
  expect(other).toEqual([{ field: 'name', message: 'Required' }]);
});

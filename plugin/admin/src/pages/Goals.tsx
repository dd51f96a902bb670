import * as React from 'react';
import { Box, Button, Checkbox, Flex, NumberInput, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';

interface Goal {
  documentId: string;
  slug: string;
  name: string;
  points: number;
  isConversion: boolean;
  repeatable: boolean;
}

type Draft = Pick<Goal, 'name' | 'points' | 'isConversion' | 'repeatable'>;

function GoalRow({ goal, onSave }: { goal: Goal; onSave: (goal: Goal, draft: Draft) => Promise<void> }) {
  const [draft, setDraft] = React.useState<Draft>({ name: goal.name, points: goal.points, isConversion: goal.isConversion, repeatable: goal.repeatable });
  const changed = draft.name !== goal.name || draft.points !== goal.points || draft.isConversion !== goal.isConversion || draft.repeatable !== goal.repeatable;
  return (
    <Tr>
      <Td>
        <TextInput aria-label={`Name of ${goal.slug}`} value={draft.name} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, name: event.target.value })} />
      </Td>
      <Td>
        <NumberInput aria-label={`Points of ${goal.slug}`} value={draft.points} onValueChange={(value: number | undefined) => setDraft({ ...draft, points: value ?? 0 })} />
      </Td>
      <Td>
        <Checkbox aria-label={`${goal.slug} is a conversion`} checked={draft.isConversion} onCheckedChange={(checked: boolean) => setDraft({ ...draft, isConversion: !!checked })} />
      </Td>
      <Td>
        <Checkbox aria-label={`${goal.slug} is repeatable`} checked={draft.repeatable} onCheckedChange={(checked: boolean) => setDraft({ ...draft, repeatable: !!checked })} />
      </Td>
      <Td>
        <Button size="S" variant="secondary" disabled={!changed} onClick={() => onSave(goal, draft)}>
          Save
        </Button>
      </Td>
    </Tr>
  );
}

/** The engagement value scale: goals sorted by points, edited in place. */
export function Goals() {
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [goals, setGoals] = React.useState<Goal[] | null>(null);
  const [newGoal, setNewGoal] = React.useState<Draft>({ name: '', points: 10, isConversion: false, repeatable: false });
  const load = React.useCallback(() => {
    get<{ data: Goal[] }>('/cxm/goals').then(({ data }) => setGoals(data.data));
  }, []);
  React.useEffect(load, [load]);

  async function run(action: () => Promise<unknown>, message: string) {
    try {
      await action();
      toggleNotification({ type: 'success', message });
      load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as Error).message });
    }
  }

  return (
    <Page.Main>
      <Page.Title>Goals</Page.Title>
      <Layouts.Header title="Goals" subtitle="The engagement value scale: what each goal is worth" />
      <Layouts.Content>
        {!goals && <Page.Loading />}
        {goals && (
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={5} rowCount={goals.length + 2}>
              <Thead>
                <Tr>
                  {['Goal', 'Points', 'Conversion', 'Repeatable', ''].map((label) => (
                    <Th key={label || 'actions'}><Typography variant="sigma">{label || ' '}</Typography></Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {goals.map((goal) => (
                  <GoalRow
                    key={`${goal.documentId}:${goal.points}:${goal.name}`}
                    goal={goal}
                    onSave={(saved, draft) => run(() => put(`/cxm/goals/${saved.documentId}`, draft), `${draft.name} saved`)}
                  />
                ))}
                <Tr>
                  <Td>
                    <TextInput aria-label="Name of the new goal" placeholder="New goal" value={newGoal.name} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setNewGoal({ ...newGoal, name: event.target.value })} />
                  </Td>
                  <Td>
                    <NumberInput aria-label="Points of the new goal" value={newGoal.points} onValueChange={(value: number | undefined) => setNewGoal({ ...newGoal, points: value ?? 0 })} />
                  </Td>
                  <Td>
                    <Checkbox aria-label="The new goal is a conversion" checked={newGoal.isConversion} onCheckedChange={(checked: boolean) => setNewGoal({ ...newGoal, isConversion: !!checked })} />
                  </Td>
                  <Td>
                    <Checkbox aria-label="The new goal is repeatable" checked={newGoal.repeatable} onCheckedChange={(checked: boolean) => setNewGoal({ ...newGoal, repeatable: !!checked })} />
                  </Td>
                  <Td>
                    <Flex>
                      <Button
                        size="S"
                        disabled={!newGoal.name.trim()}
                        onClick={() =>
                          run(async () => {
                            await post('/cxm/goals', newGoal);
                            setNewGoal({ name: '', points: 10, isConversion: false, repeatable: false });
                          }, `${newGoal.name} added`)
                        }
                      >
                        Add goal
                      </Button>
                    </Flex>
                  </Td>
                </Tr>
              </Tbody>
            </Table>
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

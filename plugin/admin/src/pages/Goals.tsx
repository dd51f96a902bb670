import * as React from 'react';
import {
  Box,
  Button,
  Checkbox,
  Flex,
  NumberInput,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { Goal } from '../../../server/src/contracts';
import { useGoalsApi } from '../api/goals';
import { useApiData } from '../api/useApiData';
import { useApiAction } from '../utils/api';
import { useTranslate } from '../utils/translate';

type Draft = Pick<Goal, 'name' | 'points' | 'isConversion' | 'repeatable'>;

function GoalRow({
  goal,
  onSave,
}: {
  goal: Goal;
  onSave: (goal: Goal, draft: Draft) => Promise<unknown>;
}) {
  const t = useTranslate();
  const [draft, setDraft] = React.useState<Draft>({
    name: goal.name,
    points: goal.points,
    isConversion: goal.isConversion,
    repeatable: goal.repeatable,
  });
  const changed =
    draft.name !== goal.name ||
    draft.points !== goal.points ||
    draft.isConversion !== goal.isConversion ||
    draft.repeatable !== goal.repeatable;
  return (
    <Tr>
      <Td>
        <TextInput
          aria-label={t('goals.name', 'Name of {goal}', { goal: goal.slug })}
          value={draft.name}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            setDraft({ ...draft, name: event.target.value })
          }
        />
      </Td>
      <Td>
        <NumberInput
          aria-label={t('goals.points', 'Points of {goal}', { goal: goal.slug })}
          value={draft.points}
          onValueChange={(value: number | undefined) => setDraft({ ...draft, points: value ?? 0 })}
        />
      </Td>
      <Td>
        <Checkbox
          aria-label={t('goals.isConversion', '{goal} is a conversion', { goal: goal.slug })}
          checked={draft.isConversion}
          onCheckedChange={(checked: boolean) => setDraft({ ...draft, isConversion: !!checked })}
        />
      </Td>
      <Td>
        <Checkbox
          aria-label={t('goals.isRepeatable', '{goal} is repeatable', { goal: goal.slug })}
          checked={draft.repeatable}
          onCheckedChange={(checked: boolean) => setDraft({ ...draft, repeatable: !!checked })}
        />
      </Td>
      <Td>
        <Button
          size="S"
          variant="secondary"
          disabled={!changed}
          onClick={() => onSave(goal, draft)}
        >
          {t('goals.save', 'Save')}
        </Button>
      </Td>
    </Tr>
  );
}

/** The engagement value scale: goals sorted by points, edited in place. */
export function Goals() {
  const api = useGoalsApi();
  const t = useTranslate();
  const { data: goals, reload } = useApiData(api.list);
  const [newGoal, setNewGoal] = React.useState<Draft>({
    name: '',
    points: 10,
    isConversion: false,
    repeatable: false,
  });
  const run = useApiAction(reload);

  const title = t('goals.title', 'Goals');
  const columns = [
    t('goals.column.goal', 'Goal'),
    t('goals.column.points', 'Points'),
    t('goals.column.conversion', 'Conversion'),
    t('goals.column.repeatable', 'Repeatable'),
    '',
  ];
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t('goals.subtitle', 'The engagement value scale: what each goal is worth')}
      />
      <Layouts.Content>
        {!goals && <Page.Loading />}
        {goals && (
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={5} rowCount={goals.length + 2}>
              <Thead>
                <Tr>
                  {columns.map((label) => (
                    <Th key={label || 'actions'}>
                      <Typography variant="sigma">{label || ' '}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {goals.map((goal) => (
                  <GoalRow
                    key={`${goal.documentId}:${goal.points}:${goal.name}`}
                    goal={goal}
                    onSave={(saved, draft) =>
                      run(
                        () => api.update(saved.documentId, draft),
                        t('goals.saved', '{name} saved', { name: draft.name })
                      )
                    }
                  />
                ))}
                <Tr>
                  <Td>
                    <TextInput
                      aria-label={t('goals.new.name', 'Name of the new goal')}
                      placeholder={t('goals.new.placeholder', 'New goal')}
                      value={newGoal.name}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        setNewGoal({ ...newGoal, name: event.target.value })
                      }
                    />
                  </Td>
                  <Td>
                    <NumberInput
                      aria-label={t('goals.new.points', 'Points of the new goal')}
                      value={newGoal.points}
                      onValueChange={(value: number | undefined) =>
                        setNewGoal({ ...newGoal, points: value ?? 0 })
                      }
                    />
                  </Td>
                  <Td>
                    <Checkbox
                      aria-label={t('goals.new.isConversion', 'The new goal is a conversion')}
                      checked={newGoal.isConversion}
                      onCheckedChange={(checked: boolean) =>
                        setNewGoal({ ...newGoal, isConversion: !!checked })
                      }
                    />
                  </Td>
                  <Td>
                    <Checkbox
                      aria-label={t('goals.new.isRepeatable', 'The new goal is repeatable')}
                      checked={newGoal.repeatable}
                      onCheckedChange={(checked: boolean) =>
                        setNewGoal({ ...newGoal, repeatable: !!checked })
                      }
                    />
                  </Td>
                  <Td>
                    <Flex>
                      <Button
                        size="S"
                        disabled={!newGoal.name.trim()}
                        onClick={() =>
                          run(
                            async () => {
                              await api.create(newGoal);
                              setNewGoal({
                                name: '',
                                points: 10,
                                isConversion: false,
                                repeatable: false,
                              });
                            },
                            t('goals.added', '{name} added', { name: newGoal.name })
                          )
                        }
                      >
                        {t('goals.add', 'Add goal')}
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

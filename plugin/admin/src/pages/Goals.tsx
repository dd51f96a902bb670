import * as React from 'react';
import {
  Box,
  Button,
  Checkbox,
  Flex,
  IconButton,
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
import { Duplicate, Trash } from '@strapi/icons';
import { Page, useClipboard, useNotification } from '@strapi/strapi/admin';
import type { Goal } from '../../../server/src/contracts';
import { useGoalsApi } from '../api/goals';
import { useApiData } from '../api/useApiData';
import { useApiAction } from '../utils/api';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

type Draft = Pick<Goal, 'name' | 'points' | 'isConversion' | 'repeatable'>;

const NEW_GOAL: Draft = { name: '', points: 10, isConversion: false, repeatable: false };

/** The slug developers send in events, with a button that copies it. */
function SlugCopy({ slug }: { slug: string }) {
  const t = useTranslate();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  return (
    <Flex gap={1} alignItems="center">
      <Typography variant="pi" textColor="neutral600" tag="code" data-testid="cxm-goal-slug">
        {slug}
      </Typography>
      <IconButton
        size="XS"
        variant="ghost"
        label={t('goals.copySlug', 'Copy the slug {slug}', { slug })}
        onClick={async () => {
          const copied = await copy(slug);
          toggleNotification({
            type: copied ? 'success' : 'warning',
            message: copied
              ? t('goals.slugCopied', 'Copied {slug}', { slug })
              : t('goals.slugNotCopied', 'Could not copy; select {slug} and copy it', { slug }),
          });
        }}
      >
        <Duplicate />
      </IconButton>
    </Flex>
  );
}

function GoalRow({
  goal,
  onSave,
  onDelete,
}: {
  goal: Goal;
  onSave: (goal: Goal, draft: Draft) => Promise<unknown>;
  onDelete: (goal: Goal) => unknown;
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
        <Flex direction="column" alignItems="stretch" gap={1} paddingTop={2} paddingBottom={2}>
          <TextInput
            aria-label={t('goals.name', 'Name of {goal}', { goal: goal.slug })}
            value={draft.name}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              setDraft({ ...draft, name: event.target.value })
            }
          />
          <SlugCopy slug={goal.slug} />
        </Flex>
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
        <Flex gap={2}>
          <Button
            size="S"
            variant="secondary"
            disabled={!changed}
            onClick={() => onSave(goal, draft)}
          >
            {t('goals.save', 'Save')}
          </Button>
          <IconButton
            label={t('goals.delete', 'Delete {goal}', { goal: goal.name })}
            variant="danger-light"
            onClick={() => onDelete(goal)}
          >
            <Trash />
          </IconButton>
        </Flex>
      </Td>
    </Tr>
  );
}

/** The engagement value scale: goals sorted by points, edited in place. */
export function Goals() {
  const api = useGoalsApi();
  const t = useTranslate();
  const { data: goals, reload } = useApiData(api.list);
  const [newGoal, setNewGoal] = React.useState<Draft>(NEW_GOAL);
  // remounts the new-goal row after a save, so every input shows the reset values
  const [added, setAdded] = React.useState(0);
  const run = useApiAction(reload);
  const remove = (goal: Goal) =>
    window.confirm(
      t(
        'goals.confirmDelete',
        'Delete the goal {name}? Events that send {slug} are then ignored.',
        {
          name: goal.name,
          slug: goal.slug,
        }
      )
    ) &&
    run(
      () => api.remove(goal.documentId),
      t('goals.deleted', '{name} deleted', { name: goal.name })
    );

  const title = t('goals.title', 'Goals');
  const columns = [
    t('goals.column.goal', 'Goal'),
    t('goals.column.points', 'Points'),
    t('goals.column.conversion', 'Conversion'),
    t('goals.column.repeatable', 'Repeatable'),
    '',
  ];
  return (
    <PluginPage
      title={title}
      subtitle={t('goals.subtitle', 'The engagement value scale: what each goal is worth')}
    >
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
                  onDelete={remove}
                  onSave={(saved, draft) =>
                    run(
                      () => api.update(saved.documentId, draft),
                      t('goals.saved', '{name} saved', { name: draft.name })
                    )
                  }
                />
              ))}
              <Tr key={`new-goal-${added}`}>
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
                            setNewGoal(NEW_GOAL);
                            setAdded((count) => count + 1);
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
    </PluginPage>
  );
}

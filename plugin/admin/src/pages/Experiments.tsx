import * as React from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Link, useParams } from 'react-router-dom';
import { useExperimentsApi } from '../api/experiments';
import { useApiData } from '../api/useApiData';
import { permissionsOf } from '../permissions';
import { formatExperimentState } from '../utils/experimentStates';
import { useTranslate } from '../utils/translate';

const MANAGE_PERMISSIONS = permissionsOf('manageExperiments');
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function ExperimentList() {
  const api = useExperimentsApi();
  const t = useTranslate();
  const { data: experiments } = useApiData(api.list);
  const title = t('experiments.title', 'Experiments');
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t('experiments.subtitle', 'A/B/n tests on content, with honest statistics')}
      />
      <Layouts.Content>
        {!experiments && <Page.Loading />}
        {experiments?.length === 0 && (
          <EmptyStateLayout
            content={t(
              'experiments.empty',
              'No experiment yet. Create one in the Content Manager (CXM Experiment): a base entry, its variants with weights, a success goal, then set its state to running.'
            )}
          />
        )}
        {experiments && experiments.length > 0 && (
          <Table colCount={3} rowCount={experiments.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {t('experiments.column.experiment', 'Experiment')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('experiments.column.state', 'State')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('experiments.column.winner', 'Winner')}
                  </Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {experiments.map((experiment) => (
                <Tr key={experiment.documentId}>
                  <Td>
                    <Link to={experiment.documentId}>{experiment.name}</Link>
                  </Td>
                  <Td>
                    <Badge active={experiment.state === 'running'}>
                      {formatExperimentState(t, experiment.state)}
                    </Badge>
                  </Td>
                  <Td>
                    <Typography>{experiment.winner ?? '—'}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

/** One experiment's results per variant, the verdict, the sample-ratio check, and promoting a winner. */
export function ExperimentResults() {
  const { documentId } = useParams<{ documentId: string }>();
  const api = useExperimentsApi();
  const { toggleNotification } = useNotification();
  const t = useTranslate();
  const { allowedActions } = useRBAC(MANAGE_PERMISSIONS);
  const loadResults = React.useCallback(() => api.results(documentId!), [api, documentId]);
  const { data: results, reload } = useApiData(loadResults);

  async function promote(variant: string) {
    await api.promote(documentId!, { variant });
    toggleNotification({
      type: 'success',
      message: t('experiments.promoted', 'Variant {variant} promoted', { variant }),
    });
    void reload();
  }

  if (!results) return <Page.Loading />;
  const { experiment, variants, sampleRatio, verdict } = results;
  const open = experiment.state === 'running' || experiment.state === 'stopped';
  const closeLabel = t('experiments.close', 'Close');
  const columns = [
    t('experiments.column.variant', 'Variant'),
    t('experiments.column.visitors', 'Visitors'),
    t('experiments.column.conversions', 'Conversions'),
    t('experiments.column.conversionRate', 'Conversion rate'),
    t('experiments.column.valuePerVisitor', 'Value / visitor'),
    t('experiments.column.uplift', 'Uplift (95 % CI)'),
    t('experiments.column.pValue', 'p-value'),
    t('experiments.column.chanceToBeatControl', 'Chance to beat control'),
  ];
  return (
    <Page.Main>
      <Page.Title>{experiment.name}</Page.Title>
      <Layouts.Header
        title={experiment.name}
        subtitle={
          experiment.hypothesis ??
          t('experiments.primaryGoal', 'Primary goal: {goal}', { goal: experiment.primaryGoal })
        }
        navigationAction={<Link to="..">{t('experiments.title', 'Experiments')}</Link>}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {sampleRatio.mismatch && (
            <Alert
              variant="danger"
              title={t('experiments.sampleRatio.title', 'Sample ratio mismatch')}
              closeLabel={closeLabel}
            >
              {t(
                'experiments.sampleRatio.message',
                "The split of visitors differs from the configured weights (p = {pValue}): check the experiment's setup before trusting its results.",
                { pValue: sampleRatio.pValue.toExponential(2) }
              )}
            </Alert>
          )}
          <Alert
            variant={verdict.status === 'winner' ? 'success' : 'default'}
            title={t('experiments.verdict', 'Verdict')}
            closeLabel={closeLabel}
            data-testid="cxm-verdict"
          >
            {verdict.message}
          </Alert>
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={8} rowCount={variants.length + 1}>
              <Thead>
                <Tr>
                  {columns.map((label) => (
                    <Th key={label}>
                      <Typography variant="sigma">{label}</Typography>
                    </Th>
                  ))}
                  <Th>
                    <Typography variant="sigma">&nbsp;</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {variants.map((variant, index) => (
                  <Tr key={variant.key}>
                    <Td>
                      <Typography fontWeight="bold">
                        {index === 0
                          ? t('experiments.control', '{variant} (control)', {
                              variant: variant.key,
                            })
                          : variant.key}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{variant.visitors}</Typography>
                    </Td>
                    <Td>
                      <Typography>{variant.conversions}</Typography>
                    </Td>
                    <Td>
                      <Typography>{percent(variant.conversionRate)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{variant.valuePerVisitor}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {variant.test?.uplift === null || variant.test?.uplift === undefined
                          ? '—'
                          : `${percent(variant.test.uplift)}${variant.test.upliftInterval95 ? ` (${percent(variant.test.upliftInterval95[0])} … ${percent(variant.test.upliftInterval95[1])})` : ''}`}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{variant.test ? variant.test.pValue.toFixed(4) : '—'}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {variant.chanceToBeatControl === undefined
                          ? '—'
                          : percent(variant.chanceToBeatControl)}
                      </Typography>
                    </Td>
                    <Td>
                      {open && allowedActions.canManage && (
                        <Button variant="secondary" size="S" onClick={() => promote(variant.key)}>
                          {t('experiments.promote', 'Promote')}
                        </Button>
                      )}
                      {experiment.winner === variant.key && (
                        <Badge active>{t('experiments.winner', 'winner')}</Badge>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

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
import { useIntl } from 'react-intl';
import { Link, useParams } from 'react-router-dom';
import { useExperimentsApi } from '../api/experiments';
import { useApiData } from '../api/useApiData';
import { permissionsOf } from '../permissions';
import { formatExperimentState } from '../utils/experimentStates';

const MANAGE_PERMISSIONS = permissionsOf('manageExperiments');
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function ExperimentList() {
  const api = useExperimentsApi();
  const { formatMessage } = useIntl();
  const { data: experiments } = useApiData(api.list);
  const title = formatMessage({ id: 'cxm.experiments.title', defaultMessage: 'Experiments' });
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: 'cxm.experiments.subtitle',
          defaultMessage: 'A/B/n tests on content, with honest statistics',
        })}
      />
      <Layouts.Content>
        {!experiments && <Page.Loading />}
        {experiments?.length === 0 && (
          <EmptyStateLayout
            content={formatMessage({
              id: 'cxm.experiments.empty',
              defaultMessage:
                'No experiment yet. Create one in the Content Manager (CXM Experiment): a base entry, its variants with weights, a success goal, then set its state to running.',
            })}
          />
        )}
        {experiments && experiments.length > 0 && (
          <Table colCount={3} rowCount={experiments.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: 'cxm.experiments.column.experiment',
                      defaultMessage: 'Experiment',
                    })}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({ id: 'cxm.experiments.column.state', defaultMessage: 'State' })}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {formatMessage({
                      id: 'cxm.experiments.column.winner',
                      defaultMessage: 'Winner',
                    })}
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
                      {formatExperimentState(formatMessage, experiment.state)}
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
  const { formatMessage } = useIntl();
  const { allowedActions } = useRBAC(MANAGE_PERMISSIONS);
  const loadResults = React.useCallback(() => api.results(documentId!), [api, documentId]);
  const { data: results, reload } = useApiData(loadResults);

  async function promote(variant: string) {
    await api.promote(documentId!, { variant });
    toggleNotification({
      type: 'success',
      message: formatMessage(
        { id: 'cxm.experiments.promoted', defaultMessage: 'Variant {variant} promoted' },
        { variant }
      ),
    });
    void reload();
  }

  if (!results) return <Page.Loading />;
  const { experiment, variants, sampleRatio, verdict } = results;
  const open = experiment.state === 'running' || experiment.state === 'stopped';
  const closeLabel = formatMessage({ id: 'cxm.experiments.close', defaultMessage: 'Close' });
  const columns = [
    formatMessage({ id: 'cxm.experiments.column.variant', defaultMessage: 'Variant' }),
    formatMessage({ id: 'cxm.experiments.column.visitors', defaultMessage: 'Visitors' }),
    formatMessage({ id: 'cxm.experiments.column.conversions', defaultMessage: 'Conversions' }),
    formatMessage({
      id: 'cxm.experiments.column.conversionRate',
      defaultMessage: 'Conversion rate',
    }),
    formatMessage({
      id: 'cxm.experiments.column.valuePerVisitor',
      defaultMessage: 'Value / visitor',
    }),
    formatMessage({ id: 'cxm.experiments.column.uplift', defaultMessage: 'Uplift (95 % CI)' }),
    formatMessage({ id: 'cxm.experiments.column.pValue', defaultMessage: 'p-value' }),
    formatMessage({
      id: 'cxm.experiments.column.chanceToBeatControl',
      defaultMessage: 'Chance to beat control',
    }),
  ];
  return (
    <Page.Main>
      <Page.Title>{experiment.name}</Page.Title>
      <Layouts.Header
        title={experiment.name}
        subtitle={
          experiment.hypothesis ??
          formatMessage(
            { id: 'cxm.experiments.primaryGoal', defaultMessage: 'Primary goal: {goal}' },
            { goal: experiment.primaryGoal }
          )
        }
        navigationAction={
          <Link to="..">
            {formatMessage({ id: 'cxm.experiments.title', defaultMessage: 'Experiments' })}
          </Link>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {sampleRatio.mismatch && (
            <Alert
              variant="danger"
              title={formatMessage({
                id: 'cxm.experiments.sampleRatio.title',
                defaultMessage: 'Sample ratio mismatch',
              })}
              closeLabel={closeLabel}
            >
              {formatMessage(
                {
                  id: 'cxm.experiments.sampleRatio.message',
                  defaultMessage:
                    "The split of visitors differs from the configured weights (p = {pValue}): check the experiment's setup before trusting its results.",
                },
                { pValue: sampleRatio.pValue.toExponential(2) }
              )}
            </Alert>
          )}
          <Alert
            variant={verdict.status === 'winner' ? 'success' : 'default'}
            title={formatMessage({ id: 'cxm.experiments.verdict', defaultMessage: 'Verdict' })}
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
                          ? formatMessage(
                              {
                                id: 'cxm.experiments.control',
                                defaultMessage: '{variant} (control)',
                              },
                              { variant: variant.key }
                            )
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
                          {formatMessage({
                            id: 'cxm.experiments.promote',
                            defaultMessage: 'Promote',
                          })}
                        </Button>
                      )}
                      {experiment.winner === variant.key && (
                        <Badge active>
                          {formatMessage({
                            id: 'cxm.experiments.winner',
                            defaultMessage: 'winner',
                          })}
                        </Badge>
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

import * as React from 'react';
import { Alert, Badge, Box, Button, EmptyStateLayout, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { Link, useParams } from 'react-router-dom';
import { permissionsOf } from '../permissions';

interface ExperimentSummary {
  documentId: string;
  slug: string;
  name: string;
  state: string;
  baseUid: string;
  baseDocumentId: string;
  winner: string | null;
}

interface VariantResult {
  key: string;
  visitors: number;
  conversions: number;
  conversionRate: number;
  valuePerVisitor: number;
  test?: { pValue: number; uplift: number | null; upliftInterval95: [number, number] | null };
  chanceToBeatControl?: number;
}

interface Results {
  experiment: { documentId: string; slug: string; name: string; state: string; hypothesis: string | null; primaryGoal: string; minimumSample: number; winner: string | null };
  variants: VariantResult[];
  sampleRatio: { pValue: number; mismatch: boolean };
  verdict: { status: string; message: string; winner?: string };
}

const MANAGE_PERMISSIONS = permissionsOf('manageExperiments');
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function ExperimentList() {
  const { get } = useFetchClient();
  const [experiments, setExperiments] = React.useState<ExperimentSummary[] | null>(null);
  React.useEffect(() => {
    get<{ data: ExperimentSummary[] }>('/cxm/experiments').then(({ data }) => setExperiments(data.data));
  }, []);
  return (
    <Page.Main>
      <Page.Title>Experiments</Page.Title>
      <Layouts.Header title="Experiments" subtitle="A/B/n tests on content, with honest statistics" />
      <Layouts.Content>
        {!experiments && <Page.Loading />}
        {experiments?.length === 0 && (
          <EmptyStateLayout content="No experiment yet. Create one in the Content Manager (CXM Experiment): a base entry, its variants with weights, a success goal, then set its state to running." />
        )}
        {experiments && experiments.length > 0 && (
          <Table colCount={3} rowCount={experiments.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Experiment</Typography></Th>
                <Th><Typography variant="sigma">State</Typography></Th>
                <Th><Typography variant="sigma">Winner</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {experiments.map((experiment) => (
                <Tr key={experiment.documentId}>
                  <Td><Link to={experiment.documentId}>{experiment.name}</Link></Td>
                  <Td><Badge active={experiment.state === 'running'}>{experiment.state}</Badge></Td>
                  <Td><Typography>{experiment.winner ?? '—'}</Typography></Td>
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
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(MANAGE_PERMISSIONS);
  const [results, setResults] = React.useState<Results | null>(null);
  const load = React.useCallback(() => {
    get<{ data: Results }>(`/cxm/experiments/${documentId}/results`).then(({ data }) => setResults(data.data));
  }, [documentId]);
  React.useEffect(load, [load]);

  async function promote(variant: string) {
    await post(`/cxm/experiments/${documentId}/promote`, { variant });
    toggleNotification({ type: 'success', message: `Variant ${variant} promoted` });
    load();
  }

  if (!results) return <Page.Loading />;
  const { experiment, variants, sampleRatio, verdict } = results;
  const open = experiment.state === 'running' || experiment.state === 'stopped';
  return (
    <Page.Main>
      <Page.Title>{experiment.name}</Page.Title>
      <Layouts.Header
        title={experiment.name}
        subtitle={experiment.hypothesis ?? `Primary goal: ${experiment.primaryGoal}`}
        navigationAction={<Link to="..">Experiments</Link>}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {sampleRatio.mismatch && (
            <Alert variant="danger" title="Sample ratio mismatch" closeLabel="Close">
              {`The split of visitors differs from the configured weights (p = ${sampleRatio.pValue.toExponential(2)}): check the experiment's setup before trusting its results.`}
            </Alert>
          )}
          <Alert variant={verdict.status === 'winner' ? 'success' : 'default'} title="Verdict" closeLabel="Close" data-testid="cxm-verdict">
            {verdict.message}
          </Alert>
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={8} rowCount={variants.length + 1}>
              <Thead>
                <Tr>
                  {['Variant', 'Visitors', 'Conversions', 'Conversion rate', 'Value / visitor', 'Uplift (95 % CI)', 'p-value', 'Chance to beat control'].map((label) => (
                    <Th key={label}><Typography variant="sigma">{label}</Typography></Th>
                  ))}
                  <Th><Typography variant="sigma">&nbsp;</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {variants.map((variant, index) => (
                  <Tr key={variant.key}>
                    <Td><Typography fontWeight="bold">{index === 0 ? `${variant.key} (control)` : variant.key}</Typography></Td>
                    <Td><Typography>{variant.visitors}</Typography></Td>
                    <Td><Typography>{variant.conversions}</Typography></Td>
                    <Td><Typography>{percent(variant.conversionRate)}</Typography></Td>
                    <Td><Typography>{variant.valuePerVisitor}</Typography></Td>
                    <Td>
                      <Typography>
                        {variant.test?.uplift === null || variant.test?.uplift === undefined
                          ? '—'
                          : `${percent(variant.test.uplift)}${variant.test.upliftInterval95 ? ` (${percent(variant.test.upliftInterval95[0])} … ${percent(variant.test.upliftInterval95[1])})` : ''}`}
                      </Typography>
                    </Td>
                    <Td><Typography>{variant.test ? variant.test.pValue.toFixed(4) : '—'}</Typography></Td>
                    <Td><Typography>{variant.chanceToBeatControl === undefined ? '—' : percent(variant.chanceToBeatControl)}</Typography></Td>
                    <Td>
                      {open && allowedActions.canManage && (
                        <Button variant="secondary" size="S" onClick={() => promote(variant.key)}>
                          Promote
                        </Button>
                      )}
                      {experiment.winner === variant.key && <Badge active>winner</Badge>}
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

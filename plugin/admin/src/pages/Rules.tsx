import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { apiProblem } from '../utils/api';
import { useIntl } from 'react-intl';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ConditionBuilder, type Catalog } from '../components/ConditionBuilder';
import {
  ConditionShapeError,
  conditionToTree,
  group,
  treeToCondition,
  type GroupNode,
} from '../utils/conditionTree';

interface StoredRule {
  name: string;
  condition: unknown;
  variant: string | null;
  [field: string]: unknown;
}

interface RuleSet {
  documentId: string;
  name: string | null;
  enabled: boolean;
  baseUid: string;
  baseDocumentId: string;
  typeName: string;
  base: { documentId: string; title: string; slug: string | null };
  rules: StoredRule[];
  variants: Record<string, string>;
}

interface DocumentOption {
  documentId: string;
  title: string;
  slug: string | null;
}

interface Issue {
  path: string;
  message: string;
}

/** A rule while it is edited: the tree when the builder can show its condition, and the stored rule, whose other fields are saved unchanged. */
interface DraftRule {
  key: string;
  stored: StoredRule;
  name: string;
  variant: string | null;
  tree: GroupNode | null;
}

const VALIDATION_DELAY_MS = 400;

function useTranslate() {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: `cxm.rules.${id}`, defaultMessage }, values);
}

let draftKeys = 0;
function draftOf(stored: StoredRule): DraftRule {
  let tree: GroupNode | null;
  try {
    tree = conditionToTree(stored.condition);
  } catch (error) {
    if (!(error instanceof ConditionShapeError)) throw error;
    tree = null;
  }
  return { key: `rule-${++draftKeys}`, stored, name: stored.name, variant: stored.variant, tree };
}

/** The rule as it is saved: the stored rule's other fields (e.g. a per-rule flag) kept as they are. */
const ruleOf = (draft: DraftRule): StoredRule => ({
  ...draft.stored,
  name: draft.name,
  condition: draft.tree ? treeToCondition(draft.tree) : draft.stored.condition,
  variant: draft.variant,
});

function unusedName(drafts: DraftRule[]): string {
  let number = drafts.length + 1;
  while (drafts.some((draft) => draft.name === `rule-${number}`)) number += 1;
  return `rule-${number}`;
}

/** The rule sets, one per base entry, and a form to start one for another entry. */
export function RuleSets() {
  const t = useTranslate();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const [list, setList] = React.useState<{
    ruleSets: RuleSet[];
    types: Array<{ uid: string; displayName: string }>;
  } | null>(null);
  const [uid, setUid] = React.useState('');
  const [documents, setDocuments] = React.useState<DocumentOption[]>([]);
  const [base, setBase] = React.useState('');
  const [name, setName] = React.useState('');

  React.useEffect(() => {
    get<{ data: NonNullable<typeof list> }>('/cxm/rules').then(({ data }) => {
      setList(data.data);
      setUid(data.data.types[0]?.uid ?? '');
    });
  }, []);
  React.useEffect(() => {
    if (uid)
      get<{ data: DocumentOption[] }>(`/cxm/rules/documents?uid=${encodeURIComponent(uid)}`).then(
        ({ data }) => setDocuments(data.data)
      );
  }, [uid]);

  const title = t('title', 'Rules');
  const taken = new Set(
    list?.ruleSets.filter((set) => set.baseUid === uid).map((set) => set.baseDocumentId)
  );

  async function create() {
    try {
      const { data } = await post<{ data: RuleSet }>('/cxm/rules', {
        baseUid: uid,
        baseDocumentId: base,
        name: name.trim() || null,
        rules: [],
      });
      navigate(data.data.documentId);
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    }
  }

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'subtitle',
          'Which variant of an entry each visitor sees: the first rule that matches wins'
        )}
      />
      <Layouts.Content>
        {!list && <Page.Loading />}
        {list && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Box background="neutral0" hasRadius shadow="tableShadow">
              <Table colCount={4} rowCount={list.ruleSets.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('column.base', 'Entry')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('column.name', 'Rule set')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('column.rules', 'Rules')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('column.status', 'Status')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {list.ruleSets.map((set) => (
                    <Tr key={set.documentId}>
                      <Td>
                        <Link to={set.documentId}>
                          <Typography fontWeight="bold">{set.base.title}</Typography>
                        </Link>
                        <Typography variant="pi" textColor="neutral600">
                          {' '}
                          ({set.typeName})
                        </Typography>
                      </Td>
                      <Td>
                        <Typography>{set.name ?? ''}</Typography>
                      </Td>
                      <Td>
                        <Typography>
                          {set.rules
                            .map(
                              (rule) =>
                                `${rule.name} → ${rule.variant ? (set.variants[rule.variant] ?? rule.variant) : t('baseEntry', 'the base entry')}`
                            )
                            .join(' · ')}
                        </Typography>
                      </Td>
                      <Td>
                        <Badge active={set.enabled}>
                          {set.enabled ? t('enabled', 'enabled') : t('disabled', 'disabled')}
                        </Badge>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Box>
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h2">
                  {t('newRuleSet', 'New rule set')}
                </Typography>
                <Flex gap={4} alignItems="flex-end" wrap="wrap">
                  <Box minWidth="200px">
                    <SingleSelect
                      aria-label={t('contentType', 'Content type')}
                      value={uid}
                      onChange={(value: string | number) => {
                        setUid(String(value));
                        setBase('');
                      }}
                    >
                      {list.types.map((type) => (
                        <SingleSelectOption key={type.uid} value={type.uid}>
                          {type.displayName}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Box>
                  <Box minWidth="260px">
                    <SingleSelect
                      aria-label={t('baseDocument', 'Entry that gets variants')}
                      placeholder={t('chooseEntry', 'Choose an entry')}
                      value={base}
                      onChange={(value: string | number) => setBase(String(value))}
                    >
                      {documents
                        .filter((document) => !taken.has(document.documentId))
                        .map((document) => (
                          <SingleSelectOption key={document.documentId} value={document.documentId}>
                            {document.title}
                          </SingleSelectOption>
                        ))}
                    </SingleSelect>
                  </Box>
                  <TextInput
                    aria-label={t('newName', 'Name of the new rule set')}
                    placeholder={t('newName', 'Name of the new rule set')}
                    value={name}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setName(event.target.value)
                    }
                  />
                  <Button startIcon={<Plus />} disabled={!base} onClick={create}>
                    {t('create', 'Create rule set')}
                  </Button>
                </Flex>
              </Flex>
            </Box>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

interface RuleCardProps {
  draft: DraftRule;
  index: number;
  count: number;
  catalog: Catalog;
  variants: DocumentOption[];
  issues: Issue[];
  onChange: (draft: DraftRule) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}

function RuleCard({
  draft,
  index,
  count,
  catalog,
  variants,
  issues,
  onChange,
  onMove,
  onRemove,
}: RuleCardProps) {
  const t = useTranslate();
  const number = index + 1;
  const condition = draft.tree ? treeToCondition(draft.tree) : draft.stored.condition;
  return (
    <Box
      role="group"
      aria-label={t('ruleLabel', 'Rule {number}', { number })}
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={5}
      data-testid="cxm-rule"
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={3} alignItems="center" wrap="wrap">
          <Typography variant="delta" tag="h2">
            {t('ruleLabel', 'Rule {number}', { number })}
          </Typography>
          <TextInput
            aria-label={t('ruleName', 'Name of rule {number}', { number })}
            value={draft.name}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              onChange({ ...draft, name: event.target.value })
            }
          />
          <Box minWidth="260px">
            <SingleSelect
              aria-label={t('variant', 'Variant served by rule {number}', { number })}
              value={draft.variant ?? ''}
              onChange={(value: string | number) =>
                onChange({ ...draft, variant: value === '' ? null : String(value) })
              }
            >
              <SingleSelectOption value="">{t('baseEntry', 'the base entry')}</SingleSelectOption>
              {variants.map((document) => (
                <SingleSelectOption key={document.documentId} value={document.documentId}>
                  {document.title}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <IconButton
            label={t('moveUp', 'Move rule {number} up', { number })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUp />
          </IconButton>
          <IconButton
            label={t('moveDown', 'Move rule {number} down', { number })}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDown />
          </IconButton>
          <IconButton
            label={t('removeRule', 'Remove rule {number}', { number })}
            onClick={onRemove}
          >
            <Trash />
          </IconButton>
        </Flex>
        {draft.tree ? (
          <ConditionBuilder
            catalog={catalog}
            value={draft.tree}
            onChange={(tree) => onChange({ ...draft, tree })}
          />
        ) : (
          <Typography textColor="danger600">
            {t(
              'notBuildable',
              'This condition cannot be shown in the builder; it is kept as it is.'
            )}
          </Typography>
        )}
        {issues.length > 0 && (
          <Box background="danger100" padding={3} hasRadius>
            <ul aria-label={t('problemsOf', 'Problems of rule {number}', { number })}>
              {issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <Typography textColor="danger700">
                    {issue.path.replace(/^rules\[\d+\]\.?/, '') || t('theRule', 'rule')}:{' '}
                    {issue.message}
                  </Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
        <details>
          <summary>
            <Typography variant="pi" textColor="neutral600">
              {t('json', 'Condition as JSON')}
            </Typography>
          </summary>
          <Box
            tag="pre"
            padding={3}
            background="neutral100"
            hasRadius
            data-testid="cxm-condition-json"
            style={{ fontFamily: 'monospace', fontSize: '1.2rem', whiteSpace: 'pre-wrap' }}
          >
            {JSON.stringify(condition, null, 2)}
          </Box>
        </details>
      </Flex>
    </Box>
  );
}

/** One rule set: its ordered rules, each a condition built with the builder and the variant it serves. */
export function RuleSetEditor() {
  const t = useTranslate();
  const { documentId } = useParams<{ documentId: string }>();
  const { get, put, post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const [ruleSet, setRuleSet] = React.useState<RuleSet | null>(null);
  const [catalog, setCatalog] = React.useState<Catalog | null>(null);
  const [documents, setDocuments] = React.useState<DocumentOption[]>([]);
  const [name, setName] = React.useState('');
  const [enabled, setEnabled] = React.useState(true);
  const [drafts, setDrafts] = React.useState<DraftRule[]>([]);
  const [issues, setIssues] = React.useState<Issue[]>([]);
  const [validating, setValidating] = React.useState(false);
  const [saving, setSaving] = React.useState(false);

  function show(set: RuleSet) {
    setRuleSet(set);
    setName(set.name ?? '');
    setEnabled(set.enabled);
    setDrafts(set.rules.map(draftOf));
  }

  React.useEffect(() => {
    Promise.all([
      get<{ data: { ruleSets: RuleSet[] } }>('/cxm/rules'),
      get<{ data: Catalog }>('/cxm/rules/catalog'),
    ]).then(([sets, paths]) => {
      const found = sets.data.data.ruleSets.find((set) => set.documentId === documentId);
      setCatalog(paths.data.data);
      if (!found) return;
      show(found);
      get<{ data: DocumentOption[] }>(
        `/cxm/rules/documents?uid=${encodeURIComponent(found.baseUid)}`
      ).then(({ data }) => setDocuments(data.data));
    });
  }, [documentId]);

  const rules = drafts.map(ruleOf);
  const rulesJson = JSON.stringify(rules);
  React.useEffect(() => {
    if (!ruleSet) return;
    setValidating(true);
    let current = true;
    const timer = setTimeout(() => {
      post<{ data: { issues: Issue[] } }>('/cxm/rules/validate', {
        rules,
        baseUid: ruleSet.baseUid,
      })
        .then(({ data }) => current && setIssues(data.data.issues))
        .catch((error) => current && setIssues([{ path: '', message: apiProblem(error).message }]))
        .finally(() => current && setValidating(false));
    }, VALIDATION_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [rulesJson, ruleSet]);

  if (!catalog || !ruleSet) return <Page.Loading />;

  const move = (index: number, offset: -1 | 1) => {
    const next = [...drafts];
    [next[index], next[index + offset]] = [next[index + offset], next[index]];
    setDrafts(next);
  };
  const issuesOf = (index: number) =>
    issues.filter((issue) => issue.path.startsWith(`rules[${index}]`));
  const generalIssues = issues.filter((issue) => !/^rules\[\d+\]/.test(issue.path));

  async function save() {
    setSaving(true);
    try {
      const { data } = await put<{ data: RuleSet }>(`/cxm/rules/${ruleSet!.documentId}`, {
        name: name.trim() || null,
        enabled,
        rules,
      });
      show(data.data);
      toggleNotification({ type: 'success', message: t('saved', 'Rule set saved') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (
      !window.confirm(
        t('confirmDelete', 'Delete the rule set of {title}?', { title: ruleSet!.base.title })
      )
    )
      return;
    try {
      await del(`/cxm/rules/${ruleSet!.documentId}`);
      toggleNotification({ type: 'success', message: t('deleted', 'Rule set deleted') });
      navigate('..', { relative: 'path' });
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    }
  }

  const title = t('editorTitle', 'Rules of {title}', { title: ruleSet.base.title });
  const variants = documents.filter((document) => document.documentId !== ruleSet.baseDocumentId);
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={t(
          'editorSubtitle',
          '{type} · the first rule whose condition matches chooses the variant; no match serves the base entry',
          { type: ruleSet.typeName }
        )}
        navigationAction={<Link to="..">{t('back', 'All rule sets')}</Link>}
        primaryAction={
          <Button onClick={save} loading={saving} disabled={validating || issues.length > 0}>
            {t('save', 'Save')}
          </Button>
        }
        secondaryAction={
          <Button variant="danger-light" startIcon={<Trash />} onClick={remove}>
            {t('delete', 'Delete')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} alignItems="center">
            <TextInput
              aria-label={t('name', 'Name of the rule set')}
              placeholder={t('name', 'Name of the rule set')}
              value={name}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setName(event.target.value)}
            />
            <Checkbox
              checked={enabled}
              onCheckedChange={(checked: boolean | 'indeterminate') => setEnabled(checked === true)}
            >
              {t('enabledLabel', 'Enabled: serve these rules')}
            </Checkbox>
            <Typography
              variant="pi"
              textColor={issues.length > 0 ? 'danger600' : 'neutral600'}
              data-testid="cxm-rules-status"
            >
              {validating
                ? t('checking', 'Checking…')
                : issues.length > 0
                  ? t(
                      'invalid',
                      '{count, plural, one {# problem} other {# problems}} to fix before saving',
                      { count: issues.length }
                    )
                  : t('valid', 'All rules are valid')}
            </Typography>
          </Flex>
          {generalIssues.map((issue) => (
            <Typography key={issue.message} textColor="danger600">
              {issue.path ? `${issue.path}: ` : ''}
              {issue.message}
            </Typography>
          ))}
          {drafts.map((draft, index) => (
            <RuleCard
              key={draft.key}
              draft={draft}
              index={index}
              count={drafts.length}
              catalog={catalog}
              variants={variants}
              issues={issuesOf(index)}
              onChange={(next) =>
                setDrafts(
                  drafts.map((candidate) => (candidate.key === draft.key ? next : candidate))
                )
              }
              onMove={(offset) => move(index, offset)}
              onRemove={() => setDrafts(drafts.filter((candidate) => candidate.key !== draft.key))}
            />
          ))}
          <Box>
            <Button
              variant="secondary"
              startIcon={<Plus />}
              onClick={() =>
                setDrafts([
                  ...drafts,
                  {
                    key: `rule-${++draftKeys}`,
                    stored: { name: '', condition: {}, variant: null },
                    name: unusedName(drafts),
                    variant: null,
                    tree: group('and'),
                  },
                ])
              }
            >
              {t('addRule', 'Add rule')}
            </Button>
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

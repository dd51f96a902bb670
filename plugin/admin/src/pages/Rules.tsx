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
import { Page, useNotification } from '@strapi/strapi/admin';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import type {
  Catalog,
  DocumentOption,
  RuleIssue,
  RuleSet,
  RuleSetList,
  StoredRule,
} from '../../../server/src/contracts';
import { useRulesApi } from '../api/rules';
import { ConditionBuilder } from '../components/ConditionBuilder';
import { apiProblem } from '../utils/api';
import {
  ConditionShapeError,
  conditionToTree,
  group,
  treeToCondition,
  type GroupNode,
} from '../utils/conditionTree';
import { issueInWords } from '../utils/pathNames';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

/** A rule while it is edited: the tree when the builder can show its condition, and the stored rule, whose other fields are saved unchanged. */
interface DraftRule {
  key: string;
  stored: StoredRule;
  name: string;
  variant: string | null;
  /** a disabled rule is kept but serves nobody */
  enabled: boolean;
  tree: GroupNode | null;
}

const VALIDATION_DELAY_MS = 400;

let draftKeys = 0;
function draftOf(stored: StoredRule): DraftRule {
  let tree: GroupNode | null;
  try {
    tree = conditionToTree(stored.condition);
  } catch (error) {
    if (!(error instanceof ConditionShapeError)) throw error;
    tree = null;
  }
  return {
    key: `rule-${++draftKeys}`,
    stored,
    name: stored.name,
    variant: stored.variant,
    enabled: stored.enabled !== false,
    tree,
  };
}

/** The rule as it is saved: the stored rule's other fields (e.g. a per-rule flag) kept as they are. */
const ruleOf = (draft: DraftRule): StoredRule => ({
  ...draft.stored,
  name: draft.name,
  condition: draft.tree ? treeToCondition(draft.tree) : draft.stored.condition,
  variant: draft.variant,
  // a rule that never had the flag is enabled; it gets one only when switched off (or had one)
  ...(draft.enabled && draft.stored.enabled === undefined ? {} : { enabled: draft.enabled }),
});

function unusedName(drafts: DraftRule[]): string {
  let number = drafts.length + 1;
  while (drafts.some((draft) => draft.name === `rule-${number}`)) number += 1;
  return `rule-${number}`;
}

/** The rule sets, one per base entry, and a form to start one for another entry. */
export function RuleSets() {
  const t = useTranslate();
  const api = useRulesApi();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const [list, setList] = React.useState<RuleSetList | null>(null);
  const [uid, setUid] = React.useState('');
  const [documents, setDocuments] = React.useState<DocumentOption[]>([]);
  const [base, setBase] = React.useState('');
  const [name, setName] = React.useState('');

  React.useEffect(() => {
    api.list().then((found) => {
      setList(found);
      setUid(found.types[0]?.uid ?? '');
    });
  }, [api]);
  React.useEffect(() => {
    if (uid) api.documents(uid).then(setDocuments);
  }, [api, uid]);

  const title = t('rules.title', 'Rules');
  const taken = new Set(
    list?.ruleSets.filter((set) => set.baseUid === uid).map((set) => set.baseDocumentId)
  );

  async function create() {
    try {
      const created = await api.create({
        baseUid: uid,
        baseDocumentId: base,
        name: name.trim() || null,
        rules: [],
      });
      navigate(created.documentId);
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    }
  }

  return (
    <PluginPage
      title={title}
      subtitle={t(
        'rules.subtitle',
        'Which variant of an entry each visitor sees: the first rule that matches wins'
      )}
    >
      {!list && <Page.Loading />}
      {list && (
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={4} rowCount={list.ruleSets.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('rules.column.base', 'Entry')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('rules.column.name', 'Rule set')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('rules.column.rules', 'Rules')}</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">{t('rules.column.status', 'Status')}</Typography>
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
                              `${rule.name} → ${rule.variant ? (set.variants[rule.variant] ?? rule.variant) : t('rules.baseEntry', 'the base entry')}${rule.enabled === false ? ` (${t('rules.ruleOff', 'disabled')})` : ''}`
                          )
                          .join(' · ')}
                      </Typography>
                    </Td>
                    <Td>
                      <Badge active={set.enabled}>
                        {set.enabled
                          ? t('rules.enabled', 'enabled')
                          : t('rules.disabled', 'disabled')}
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
                {t('rules.newRuleSet', 'New rule set')}
              </Typography>
              <Flex gap={4} alignItems="flex-end" wrap="wrap">
                <Box minWidth="200px">
                  <SingleSelect
                    aria-label={t('rules.contentType', 'Content type')}
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
                    aria-label={t('rules.baseDocument', 'Entry that gets variants')}
                    placeholder={t('rules.chooseEntry', 'Choose an entry')}
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
                  aria-label={t('rules.newName', 'Name of the new rule set')}
                  placeholder={t('rules.newName', 'Name of the new rule set')}
                  value={name}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setName(event.target.value)
                  }
                />
                <Button startIcon={<Plus />} disabled={!base} onClick={create}>
                  {t('rules.create', 'Create rule set')}
                </Button>
              </Flex>
            </Flex>
          </Box>
        </Flex>
      )}
    </PluginPage>
  );
}

interface RuleCardProps {
  draft: DraftRule;
  index: number;
  count: number;
  catalog: Catalog;
  variants: DocumentOption[];
  issues: RuleIssue[];
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
  const servedTitle = draft.variant
    ? (variants.find((document) => document.documentId === draft.variant)?.title ?? draft.variant)
    : t('rules.baseEntry', 'the base entry');
  return (
    <Box
      role="group"
      id={`rule-${encodeURIComponent(draft.stored.name || draft.name)}`}
      aria-label={t('rules.ruleLabel', 'Rule {number}', { number })}
      background={draft.enabled ? 'neutral0' : 'neutral100'}
      hasRadius
      shadow="tableShadow"
      padding={5}
      data-testid="cxm-rule"
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={3} alignItems="center" wrap="wrap">
          <Typography variant="delta" tag="h2">
            {t('rules.ruleLabel', 'Rule {number}', { number })}
          </Typography>
          <TextInput
            aria-label={t('rules.ruleName', 'Name of rule {number}', { number })}
            value={draft.name}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              onChange({ ...draft, name: event.target.value })
            }
          />
          <Box minWidth="260px">
            <SingleSelect
              aria-label={t('rules.variant', 'Variant served by rule {number}', { number })}
              value={draft.variant ?? ''}
              onChange={(value: string | number) =>
                onChange({ ...draft, variant: value === '' ? null : String(value) })
              }
            >
              <SingleSelectOption value="">
                {t('rules.baseEntry', 'the base entry')}
              </SingleSelectOption>
              {variants.map((document) => (
                <SingleSelectOption key={document.documentId} value={document.documentId}>
                  {document.title}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Checkbox
            checked={draft.enabled}
            onCheckedChange={(checked: boolean | 'indeterminate') =>
              onChange({ ...draft, enabled: checked === true })
            }
          >
            {t('rules.ruleEnabled', 'Enabled')}
          </Checkbox>
          <IconButton
            label={t('rules.moveUp', 'Move rule {number} up', { number })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUp />
          </IconButton>
          <IconButton
            label={t('rules.moveDown', 'Move rule {number} down', { number })}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDown />
          </IconButton>
          <IconButton
            label={t('rules.removeRule', 'Remove rule {number}', { number })}
            onClick={onRemove}
          >
            <Trash />
          </IconButton>
        </Flex>
        <Typography variant="pi" textColor="neutral600" data-testid="cxm-rule-serves">
          {t('rules.serves', 'Serves {title} to the visitors who match:', { title: servedTitle })}
        </Typography>
        {!draft.enabled && (
          <Flex gap={2} alignItems="center" data-testid="cxm-rule-disabled">
            <Badge>{t('rules.ruleOff', 'disabled')}</Badge>
            <Typography variant="pi" textColor="neutral700">
              {t(
                'rules.ruleDisabled',
                'This rule is disabled: it serves nobody, whatever its condition says. Tick "Enabled" and save to use it.'
              )}
            </Typography>
          </Flex>
        )}
        {draft.tree ? (
          <ConditionBuilder
            catalog={catalog}
            value={draft.tree}
            onChange={(tree) => onChange({ ...draft, tree })}
          />
        ) : (
          <Typography textColor="danger600">
            {t(
              'rules.notBuildable',
              'This condition cannot be shown in the builder; it is kept as it is.'
            )}
          </Typography>
        )}
        {issues.length > 0 && (
          <Box background="danger100" padding={3} hasRadius>
            <ul aria-label={t('rules.problemsOf', 'Problems of rule {number}', { number })}>
              {issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <Typography textColor="danger700">
                    {issueInWords(issue, draft.tree, catalog, t)}
                  </Typography>
                </li>
              ))}
            </ul>
          </Box>
        )}
        <details>
          <summary>
            <Typography variant="pi" textColor="neutral600">
              {t('rules.json', 'Condition as JSON')}
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
  const api = useRulesApi();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const [ruleSet, setRuleSet] = React.useState<RuleSet | null>(null);
  const [catalog, setCatalog] = React.useState<Catalog | null>(null);
  const [documents, setDocuments] = React.useState<DocumentOption[]>([]);
  const [name, setName] = React.useState('');
  const [enabled, setEnabled] = React.useState(true);
  const [drafts, setDrafts] = React.useState<DraftRule[]>([]);
  const [validation, setValidation] = React.useState<{
    /** what was checked: the rule set as loaded or saved, and the rules as edited */
    ruleSet: RuleSet;
    rulesJson: string;
    issues: RuleIssue[];
  } | null>(null);
  const [saving, setSaving] = React.useState(false);

  const show = React.useCallback((set: RuleSet) => {
    setRuleSet(set);
    setName(set.name ?? '');
    setEnabled(set.enabled);
    setDrafts(set.rules.map(draftOf));
  }, []);

  React.useEffect(() => {
    Promise.all([api.list(), api.catalog()]).then(([list, found]) => {
      const set = list.ruleSets.find((candidate) => candidate.documentId === documentId);
      setCatalog(found);
      if (!set) return;
      show(set);
      api.documents(set.baseUid).then(setDocuments);
    });
  }, [api, documentId, show]);

  // a link to one rule (from the Personalization panel of its variant) scrolls to it
  const { hash } = useLocation();
  const loadedRules = drafts.length > 0;
  React.useEffect(() => {
    if (hash && loadedRules) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash, loadedRules]);

  const rules = drafts.map(ruleOf);
  const rulesJson = JSON.stringify(rules);
  // checked a moment after the last edit; until then the previous problems stay listed
  const validating = validation?.ruleSet !== ruleSet || validation?.rulesJson !== rulesJson;
  const issues = validation?.issues ?? [];
  React.useEffect(() => {
    if (!ruleSet) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .validate({ rules: JSON.parse(rulesJson) as StoredRule[], baseUid: ruleSet.baseUid })
        .then(
          (result) => result.issues,
          (error: unknown) => [{ path: '', message: apiProblem(error).message }]
        )
        .then((found) => current && setValidation({ ruleSet, rulesJson, issues: found }));
    }, VALIDATION_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, rulesJson, ruleSet]);

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
      show(await api.update(ruleSet!.documentId, { name: name.trim() || null, enabled, rules }));
      toggleNotification({ type: 'success', message: t('rules.saved', 'Rule set saved') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (
      !window.confirm(
        t('rules.confirmDelete', 'Delete the rule set of {title}?', { title: ruleSet!.base.title })
      )
    )
      return;
    try {
      await api.remove(ruleSet!.documentId);
      toggleNotification({ type: 'success', message: t('rules.deleted', 'Rule set deleted') });
      navigate('..', { relative: 'path' });
    } catch (error) {
      toggleNotification({ type: 'danger', message: apiProblem(error).message });
    }
  }

  const title = t('rules.editorTitle', 'Rules of {title}', { title: ruleSet.base.title });
  const variants = documents.filter((document) => document.documentId !== ruleSet.baseDocumentId);
  return (
    <PluginPage
      title={title}
      subtitle={t(
        'rules.editorSubtitle',
        '{type} · the first rule whose condition matches chooses the variant; no match serves the base entry',
        { type: ruleSet.typeName }
      )}
      navigationAction={<Link to="..">{t('rules.back', 'All rule sets')}</Link>}
      primaryAction={
        <Button onClick={save} loading={saving} disabled={validating || issues.length > 0}>
          {t('rules.save', 'Save')}
        </Button>
      }
      secondaryAction={
        <Button variant="danger-light" startIcon={<Trash />} onClick={remove}>
          {t('rules.delete', 'Delete')}
        </Button>
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={4} alignItems="center">
          <TextInput
            aria-label={t('rules.name', 'Name of the rule set')}
            placeholder={t('rules.name', 'Name of the rule set')}
            value={name}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setName(event.target.value)}
          />
          <Checkbox
            checked={enabled}
            onCheckedChange={(checked: boolean | 'indeterminate') => setEnabled(checked === true)}
          >
            {t('rules.enabledLabel', 'Enabled: serve these rules')}
          </Checkbox>
          <Typography
            variant="pi"
            textColor={issues.length > 0 ? 'danger600' : 'neutral600'}
            data-testid="cxm-rules-status"
          >
            {validating
              ? t('rules.checking', 'Checking…')
              : issues.length > 0
                ? t(
                    'rules.invalid',
                    '{count, plural, one {# problem} other {# problems}} to fix before saving',
                    { count: issues.length }
                  )
                : t('rules.valid', 'All rules are valid')}
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
              setDrafts(drafts.map((candidate) => (candidate.key === draft.key ? next : candidate)))
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
                  enabled: true,
                  tree: group('and'),
                },
              ])
            }
          >
            {t('rules.addRule', 'Add rule')}
          </Button>
        </Box>
      </Flex>
    </PluginPage>
  );
}

import * as React from 'react';
import {
  Box,
  Button,
  Checkbox,
  Combobox,
  ComboboxOption,
  Flex,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { Catalog, OperandKind, PathInfo, PathType } from '../../../server/src/contracts';
import {
  comparison,
  group,
  operandFor,
  updateNode,
  type ComparisonNode,
  type ConditionNode,
  type GroupNode,
} from '../utils/conditionTree';
import { pathName } from '../utils/pathNames';
import { useTranslate, type Translate } from '../utils/translate';

const OPERATOR_LABELS: Record<string, string> = {
  $eq: 'is',
  $eqi: 'is (ignoring case)',
  $ne: 'is not',
  $in: 'is one of',
  $notIn: 'is none of',
  $lt: 'is less than',
  $lte: 'is at most',
  $gt: 'is greater than',
  $gte: 'is at least',
  $between: 'is between',
  $contains: 'contains',
  $containsi: 'contains (ignoring case)',
  $notContains: 'does not contain',
  $startsWith: 'starts with',
  $endsWith: 'ends with',
  $null: 'is unknown',
  $notNull: 'is known',
};

/** The sections of the path list: a path belongs to the first whose prefix it has. */
const PATH_GROUPS: Array<{ id: string; label: string; prefixes: string[] }> = [
  { id: 'profile', label: 'Persona and interests', prefixes: ['persona', 'topKey', 'scores.'] },
  { id: 'visit', label: 'Visit and engagement', prefixes: ['visit.', 'engagement.', 'goals.'] },
  { id: 'source', label: 'Traffic source', prefixes: ['channel', 'campaign', 'referrer', 'utm.'] },
  { id: 'geo', label: 'Location', prefixes: ['geo.'] },
  { id: 'device', label: 'Device and language', prefixes: ['device', 'os', 'browser', 'language'] },
  { id: 'time', label: 'Time', prefixes: ['time.', 'date'] },
  { id: 'contact', label: 'Contact', prefixes: ['contact.'] },
];

const groupOf = (path: string) =>
  PATH_GROUPS.find((entry) => entry.prefixes.some((prefix) => path.startsWith(prefix))) ??
  PATH_GROUPS[PATH_GROUPS.length - 1];

interface PathChoice {
  /** the path, or the prefix when a name must be typed after it */
  path: string;
  info: PathInfo;
  prefix?: string;
  /** what a marketer calls it: "Country", "Score: Limousine" */
  label: string;
}

/** The text of a choice in the picker's input: the name, and the path developers type to filter. */
const choiceText = (choice: PathChoice) => `${choice.label} (${choice.path})`;

/** Every path the list offers: exact paths, one per known name under a prefix, and open prefixes. */
function pathChoices(catalog: Catalog, t: Translate): PathChoice[] {
  const choices: PathChoice[] = catalog.paths.map(({ path, ...info }) => ({
    path,
    info,
    label: pathName(catalog, path, t),
  }));
  for (const { prefix, ...info } of catalog.prefixes) {
    const names = info.nameSuggestions ? (catalog.suggestions[info.nameSuggestions] ?? []) : [];
    const paths = names.length > 0 ? names.map((name) => `${prefix}${name.value}`) : [prefix];
    for (const path of paths)
      choices.push({ path, info, prefix, label: pathName(catalog, path, t) });
  }
  const order = (choice: PathChoice) => PATH_GROUPS.indexOf(groupOf(choice.path));
  return choices.sort((a, b) => order(a) - order(b));
}

/** The catalog entry of a path: exact, or the longest prefix it starts with. */
function infoOf(catalog: Catalog, path: string): { info: PathInfo; prefix?: string } | undefined {
  const exact = catalog.paths.find((entry) => entry.path === path);
  if (exact) return { info: exact };
  const prefixed = catalog.prefixes
    .filter((entry) => path.startsWith(entry.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return prefixed && { info: prefixed, prefix: prefixed.prefix };
}

/** Country codes with their names in the admin's language. */
function useSuggestionLabel() {
  const { locale } = useIntl();
  const regions = React.useMemo(() => {
    try {
      return new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      return null;
    }
  }, [locale]);
  return (list: string, entry: { value: string; label: string }) =>
    list === 'country'
      ? `${entry.value} – ${regions?.of(entry.value) ?? entry.value}`
      : entry.label === entry.value
        ? entry.value
        : `${entry.label} (${entry.value})`;
}

function parseList(text: string, type: PathType): unknown[] {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (type === 'number') return items.map(Number).filter((number) => Number.isFinite(number));
  if (type === 'boolean')
    return items
      .filter((item) => item === 'true' || item === 'false')
      .map((item) => item === 'true');
  return items;
}

interface OperandProps {
  node: ComparisonNode;
  info: PathInfo;
  kind: OperandKind;
  catalog: Catalog;
  label: string;
  onChange: (value: unknown) => void;
}

/** The operand input that fits the path's type and the operator: none, one value, a list or two bounds. */
function OperandInput({ node, info, kind, catalog, label, onChange }: OperandProps) {
  const t = useTranslate();
  const labelOf = useSuggestionLabel();
  const options =
    info.suggestions && (kind === 'value' || kind === 'list')
      ? (catalog.suggestions[info.suggestions] ?? [])
      : [];
  if (kind === 'flag') return null;

  if (kind === 'list') {
    const list = Array.isArray(node.value) ? node.value : [];
    if (options.length > 0) {
      return (
        <MultiSelect
          aria-label={label}
          withTags
          value={list.map(String)}
          onChange={(values: string[]) => onChange(values)}
          placeholder={t('conditions.chooseValues', 'Choose values')}
        >
          {options.map((entry) => (
            <MultiSelectOption key={entry.value} value={entry.value}>
              {labelOf(info.suggestions!, entry)}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      );
    }
    return (
      <ListInput
        label={label}
        type={info.type}
        value={list}
        onChange={onChange}
        hint={t('conditions.listHint', 'separated by commas')}
      />
    );
  }

  if (kind === 'range') {
    const [low, high] = Array.isArray(node.value) ? node.value : [undefined, undefined];
    const bound = (index: 0 | 1, value: unknown) =>
      onChange(index === 0 ? [value, high] : [low, value]);
    return (
      <Flex gap={2}>
        <SingleValueInput
          label={t('conditions.lowerBound', '{label}: from', { label })}
          type={info.type}
          value={low}
          onChange={(value) => bound(0, value)}
        />
        <Typography variant="pi">{t('conditions.and', 'and')}</Typography>
        <SingleValueInput
          label={t('conditions.upperBound', '{label}: to', { label })}
          type={info.type}
          value={high}
          onChange={(value) => bound(1, value)}
        />
      </Flex>
    );
  }

  if (options.length > 0) {
    return (
      <SingleSelect
        aria-label={label}
        value={typeof node.value === 'string' ? node.value : ''}
        onChange={(value: string | number) => onChange(String(value))}
        placeholder={t('conditions.chooseValue', 'Choose a value')}
      >
        {options.map((entry) => (
          <SingleSelectOption key={entry.value} value={entry.value}>
            {labelOf(info.suggestions!, entry)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    );
  }
  return (
    <SingleValueInput
      label={label}
      type={kind === 'text' ? 'string' : info.type}
      value={node.value}
      onChange={onChange}
      placeholder={info.format ?? undefined}
    />
  );
}

function SingleValueInput({
  label,
  type,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  type: PathType;
  value: unknown;
  onChange: (value: unknown) => void;
  placeholder?: string;
}) {
  const t = useTranslate();
  if (type === 'boolean') {
    return (
      <SingleSelect
        aria-label={label}
        value={String(value === true)}
        onChange={(selected: string | number) => onChange(selected === 'true')}
      >
        <SingleSelectOption value="true">{t('conditions.true', 'yes')}</SingleSelectOption>
        <SingleSelectOption value="false">{t('conditions.false', 'no')}</SingleSelectOption>
      </SingleSelect>
    );
  }
  if (type === 'number') {
    return (
      <NumberInput
        aria-label={label}
        value={typeof value === 'number' ? value : undefined}
        onValueChange={(number: number | undefined) => onChange(number ?? 0)}
      />
    );
  }
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      value={typeof value === 'string' ? value : ''}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
    />
  );
}

/** A free list typed with commas; the text is kept while typing so "DE, " does not jump back. */
function ListInput({
  label,
  type,
  value,
  onChange,
  hint,
}: {
  label: string;
  type: PathType;
  value: unknown[];
  onChange: (value: unknown[]) => void;
  hint: string;
}) {
  const [text, setText] = React.useState(value.join(', '));
  return (
    <TextInput
      aria-label={label}
      placeholder={hint}
      value={text}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
        setText(event.target.value);
        onChange(parseList(event.target.value, type));
      }}
    />
  );
}

interface RowProps {
  node: ComparisonNode;
  catalog: Catalog;
  choices: PathChoice[];
  number: string;
  onChange: (node: ConditionNode | null) => void;
}

/** One comparison: context path, operator, operand. */
function ComparisonRow({ node, catalog, choices, number, onChange }: RowProps) {
  const t = useTranslate();
  const found = infoOf(catalog, node.path);
  const info = found?.info;
  const kind = info?.operators.find((entry) => entry.operator === node.operator)?.operand;
  const openPrefix =
    found?.prefix && !choices.some((choice) => choice.path === node.path)
      ? found.prefix
      : undefined;
  const selected =
    choices.find((choice) => choice.path === node.path) ??
    (openPrefix ? choices.find((choice) => choice.path === openPrefix) : undefined);

  function choosePath(path: string) {
    const next = infoOf(catalog, path);
    if (!next) return;
    // a path of another type starts with its own first operator (a threshold for scores), not the last one's
    const keeps =
      next.info.type === info?.type
        ? next.info.operators.find((entry) => entry.operator === node.operator)
        : undefined;
    const operator = keeps ?? next.info.operators[0];
    onChange({
      ...node,
      path,
      operator: operator.operator,
      value: operandFor(operator.operand, next.info.type, keeps ? node.value : undefined),
    });
  }

  function chooseOperator(operator: string) {
    const operand = info?.operators.find((entry) => entry.operator === operator)?.operand;
    if (!info || !operand) return;
    onChange({ ...node, operator, value: operandFor(operand, info.type, node.value) });
  }

  // closed, the input shows the chosen name; opened, the list shows every choice until something
  // is typed (the design system filters by the input's text)
  const [open, setOpen] = React.useState(false);
  const [search, setSearch] = React.useState('');
  const chosenText = selected ? choiceText(selected) : '';
  const pathLabel = t('conditions.pathLabel', 'Context path of condition {number}', { number });
  return (
    <Flex gap={2} alignItems="flex-start" wrap="wrap" data-testid="cxm-condition-row">
      <Box minWidth="280px">
        <Combobox
          aria-label={pathLabel}
          value={selected?.path ?? ''}
          textValue={open ? search : chosenText}
          onTextValueChange={setSearch}
          open={open}
          onOpenChange={(opened: boolean) => {
            setOpen(opened);
            if (opened) setSearch('');
          }}
          autocomplete={{ type: 'list', filter: 'contains' }}
          onChange={(value?: string) => {
            if (value) choosePath(value);
          }}
          placeholder={chosenText || t('conditions.choosePath', 'Choose what to test')}
        >
          {choices.map((choice) => (
            <ComboboxOption key={choice.path} value={choice.path} textValue={choiceText(choice)}>
              <Flex
                direction="column"
                alignItems="flex-start"
                title={t(
                  `conditions.path.${choice.prefix ?? choice.path}`,
                  choice.info.description
                )}
              >
                <Typography variant="omega">
                  {choice.label}
                  {choice.prefix && choice.path === choice.prefix ? '…' : ''}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {t(`conditions.group.${groupOf(choice.path).id}`, groupOf(choice.path).label)} ·{' '}
                  <code>{choice.path}</code>
                </Typography>
              </Flex>
            </ComboboxOption>
          ))}
        </Combobox>
      </Box>
      {found?.prefix && (openPrefix || node.path === found.prefix) && (
        <TextInput
          aria-label={t('conditions.nameLabel', 'Name after {prefix}', { prefix: found.prefix })}
          placeholder={
            catalog.prefixes.find((entry) => entry.prefix === found.prefix)?.nameFormat ?? ''
          }
          value={node.path.slice(found.prefix.length)}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...node, path: `${found.prefix}${event.target.value}` })
          }
        />
      )}
      {info && (
        <Box minWidth="180px">
          <SingleSelect
            aria-label={t('conditions.operatorLabel', 'Operator of condition {number}', { number })}
            value={node.operator}
            onChange={(value: string | number) => chooseOperator(String(value))}
          >
            {info.operators.map(({ operator }) => (
              <SingleSelectOption key={operator} value={operator}>
                {t(`conditions.operator.${operator}`, OPERATOR_LABELS[operator] ?? operator)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
      )}
      {info && kind && (
        <Box minWidth="220px">
          <OperandInput
            node={node}
            info={info}
            kind={kind}
            catalog={catalog}
            label={t('conditions.valueLabel', 'Value of condition {number}', { number })}
            onChange={(value) => onChange({ ...node, value })}
          />
        </Box>
      )}
      <IconButton
        label={t('conditions.removeCondition', 'Remove condition {number}', { number })}
        variant="ghost"
        onClick={() => onChange(null)}
      >
        <Trash />
      </IconButton>
    </Flex>
  );
}

interface GroupProps {
  node: GroupNode;
  catalog: Catalog;
  choices: PathChoice[];
  number: string;
  isRoot: boolean;
  onChange: (node: ConditionNode | null) => void;
}

/** A group: "all of" / "any of" its children, or "not" that. */
function GroupBox({ node, catalog, choices, number, isRoot, onChange }: GroupProps) {
  const t = useTranslate();
  const setChild = (id: string, child: ConditionNode | null) =>
    onChange(updateNode(node, id, () => child));
  const firstChoice = choices[0];
  const newComparison = () => {
    const operator = firstChoice.info.operators[0];
    return comparison(
      firstChoice.path,
      operator.operator,
      operandFor(operator.operand, firstChoice.info.type)
    );
  };
  const scope = isRoot
    ? t('conditions.thisRule', 'this rule')
    : t('conditions.groupNumber', 'group {number}', { number });
  return (
    <Box
      padding={isRoot ? 0 : 3}
      paddingLeft={isRoot ? 0 : 4}
      borderColor={isRoot ? undefined : 'neutral200'}
      hasRadius={!isRoot}
      background={isRoot ? undefined : 'neutral100'}
    >
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={3} alignItems="center" wrap="wrap">
          <Checkbox
            checked={node.negated}
            onCheckedChange={(checked: boolean | 'indeterminate') =>
              onChange({ ...node, negated: checked === true })
            }
          >
            {t('conditions.not', 'not')}
          </Checkbox>
          <Box minWidth="200px">
            <SingleSelect
              aria-label={t('conditions.combinatorLabel', 'How the conditions of {scope} combine', {
                scope,
              })}
              value={node.combinator}
              onChange={(value: string | number) =>
                onChange({ ...node, combinator: value === 'or' ? 'or' : 'and' })
              }
            >
              <SingleSelectOption value="and">
                {t('conditions.allOf', 'all of these are true')}
              </SingleSelectOption>
              <SingleSelectOption value="or">
                {t('conditions.anyOf', 'any of these is true')}
              </SingleSelectOption>
            </SingleSelect>
          </Box>
          {!isRoot && (
            <IconButton
              label={t('conditions.removeGroup', 'Remove group {number}', { number })}
              variant="ghost"
              onClick={() => onChange(null)}
            >
              <Trash />
            </IconButton>
          )}
        </Flex>
        {node.children.length === 0 && (
          <Typography variant="pi" textColor="neutral600">
            {isRoot
              ? t('conditions.alwaysTrue', 'No conditions: this rule applies to every visitor.')
              : t('conditions.emptyGroup', 'An empty group: add a condition or remove it.')}
          </Typography>
        )}
        {node.children.map((child, index) => {
          const childNumber = `${number}.${index + 1}`.replace(/^\./, '');
          return child.kind === 'group' ? (
            <GroupBox
              key={child.id}
              node={child}
              catalog={catalog}
              choices={choices}
              number={childNumber}
              isRoot={false}
              onChange={(next) => setChild(child.id, next)}
            />
          ) : (
            <ComparisonRow
              key={child.id}
              node={child}
              catalog={catalog}
              choices={choices}
              number={childNumber}
              onChange={(next) => setChild(child.id, next)}
            />
          );
        })}
        <Flex gap={2}>
          <Button
            variant="tertiary"
            size="S"
            startIcon={<Plus />}
            disabled={!firstChoice}
            onClick={() => onChange({ ...node, children: [...node.children, newComparison()] })}
          >
            {t('conditions.addCondition', 'Add condition to {scope}', { scope })}
          </Button>
          <Button
            variant="tertiary"
            size="S"
            startIcon={<Plus />}
            disabled={!firstChoice}
            onClick={() =>
              onChange({ ...node, children: [...node.children, group('or', [newComparison()])] })
            }
          >
            {t('conditions.addGroup', 'Add group to {scope}', { scope })}
          </Button>
        </Flex>
      </Flex>
    </Box>
  );
}

/**
 * Builds a rule condition without writing JSON: nested groups ("all of" / "any of", optionally
 * negated) of comparisons on the context paths of the catalog. The tree is the state; the page
 * turns it into JSON with treeToCondition.
 */
export function ConditionBuilder({
  catalog,
  value,
  onChange,
}: {
  catalog: Catalog;
  value: GroupNode;
  onChange: (tree: GroupNode) => void;
}) {
  const t = useTranslate();
  const choices = React.useMemo(() => pathChoices(catalog, t), [catalog, t]);
  return (
    <GroupBox
      node={value}
      catalog={catalog}
      choices={choices}
      number=""
      isRoot
      onChange={(next) => onChange((next as GroupNode | null) ?? group('and'))}
    />
  );
}

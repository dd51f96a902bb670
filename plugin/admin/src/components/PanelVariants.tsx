import * as React from 'react';
import { Badge, Box, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Duplicate } from '@strapi/icons';
import {
  useAPIErrorHandler,
  useNotification,
  useRBAC,
  type FetchError,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import type { PanelRuleSet, VariantBase } from '../../../server/src/contracts';
import { useTaggingApi } from '../api/tagging';
import { useCxmPermissions } from '../permissions';
import { useTranslate } from '../utils/translate';

interface Props {
  model: string;
  documentId: string;
  locale: string | undefined;
  /** False for types that cannot have variants (single types): no button then. */
  canHaveVariants: boolean;
  ruleSet: PanelRuleSet | null;
  variantOf: VariantBase[];
}

const isEveryone = (condition: unknown) =>
  !!condition && typeof condition === 'object' && Object.keys(condition as object).length === 0;

/**
 * The entry's variants in the Personalization panel: its rules (variant, enabled, order: the
 * first enabled rule that matches wins), a button that makes a new variant from the entry, and,
 * on a variant, the base it belongs to. Conditions are edited on the plugin's Rules page.
 */
export function PanelVariants({
  model,
  documentId,
  locale,
  canHaveVariants,
  ruleSet,
  variantOf,
}: Props) {
  const t = useTranslate();
  // for the one message with a link in it
  const { formatMessage } = useIntl();
  const api = useTaggingApi();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const navigate = useNavigate();
  const { search } = useLocation();
  const createPermissions = React.useMemo(
    () => [{ action: 'plugin::content-manager.explorer.create', subject: model }],
    [model]
  );
  const { allowedActions } = useRBAC(createPermissions);
  const { manageDefinitions } = useCxmPermissions();
  // the rules as the panel's last edit left them; the entry's rules as loaded until then
  const [edited, setEdited] = React.useState({ ruleSet, rules: ruleSet?.rules ?? [] });
  const rules = edited.ruleSet === ruleSet ? edited.rules : (ruleSet?.rules ?? []);
  const [busy, setBusy] = React.useState(false);

  const editUrl = (id: string) => `/content-manager/collection-types/${model}/${id}${search}`;
  const fail = (id: string, defaultMessage: string, error: unknown) =>
    toggleNotification({
      type: 'danger',
      message: t(id, defaultMessage, { message: formatAPIError(error as FetchError) }),
    });

  async function createVariant() {
    setBusy(true);
    try {
      const created = await api.createVariant({ uid: model, documentId, locale });
      toggleNotification({
        type: 'success',
        message: t(
          'variants.created',
          'Variant created: it is served to nobody until its rule has a condition and is enabled'
        ),
      });
      navigate(editUrl(created.documentId));
    } catch (error) {
      fail('variants.createFailed', 'Could not create the variant: {message}', error);
    } finally {
      setBusy(false);
    }
  }

  async function editRule(name: string, edit: { enabled: boolean } | { move: 'up' | 'down' }) {
    setBusy(true);
    try {
      const result = await api.editRule({ uid: model, documentId, name, ...edit });
      const titles = new Map(rules.map((rule) => [rule.variant, rule.variantTitle]));
      setEdited({
        ruleSet,
        rules: result.rules.map((rule) => ({
          ...rule,
          enabled: rule.enabled !== false,
          variantTitle: titles.get(rule.variant) ?? null,
        })),
      });
    } catch (error) {
      fail('variants.editFailed', 'Could not change the rule: {message}', error);
    } finally {
      setBusy(false);
    }
  }

  const enabledBadge = (enabled: boolean) => (
    <Badge active={enabled}>
      {enabled ? t('variants.enabled', 'enabled') : t('variants.disabled', 'disabled')}
    </Badge>
  );
  const audience = (condition: unknown) =>
    isEveryone(condition)
      ? t('variants.everyone', 'for everyone')
      : t('variants.conditional', 'for visitors matching its condition');

  if (variantOf.length > 0) {
    return (
      <Flex direction="column" alignItems="stretch" gap={3} data-testid="cxm-variant-of">
        {variantOf.map((base) => (
          <Flex key={base.documentId} direction="column" alignItems="stretch" gap={1}>
            <Typography variant="omega" fontWeight="bold">
              {formatMessage(
                { id: 'cxm.variants.variantOf', defaultMessage: 'Variant of {base}' },
                { base: <Link to={editUrl(base.documentId)}>{base.title ?? base.documentId}</Link> }
              )}
            </Typography>
            {base.rules.map((rule) => (
              <Flex key={rule.name} gap={2} wrap="wrap">
                <Typography variant="pi">
                  {t('variants.servedBy', 'Served by the rule “{name}”, {audience}', {
                    name: rule.name,
                    audience: audience(rule.condition),
                  })}
                </Typography>
                {enabledBadge(rule.enabled && base.ruleSetEnabled)}
                {manageDefinitions && (
                  <Link
                    to={`/plugins/cxm/rules/${base.ruleSet}#rule-${encodeURIComponent(rule.name)}`}
                  >
                    {t('variants.openRule', 'Open the rule “{name}” in the rule builder', {
                      name: rule.name,
                    })}
                  </Link>
                )}
              </Flex>
            ))}
          </Flex>
        ))}
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="sigma" tag="h3">
        {t('variants.heading', 'Variant rules')}
      </Typography>
      {ruleSet && !ruleSet.enabled && (
        <Typography variant="pi" textColor="danger600">
          {t(
            'variants.ruleSetDisabled',
            'These rules are switched off as a whole: every visitor gets this entry.'
          )}
        </Typography>
      )}
      {rules.length === 0 ? (
        <Typography variant="pi" tag="p">
          {t('variants.none', 'No rules: every visitor gets this entry.')}
        </Typography>
      ) : (
        <Box tag="ol" data-testid="cxm-rules">
          {rules.map((rule, index) => (
            <Box tag="li" key={rule.name} paddingBottom={2}>
              <Flex direction="column" alignItems="stretch" gap={1}>
                <Flex justifyContent="space-between" gap={2}>
                  <Typography variant="omega" fontWeight="semiBold">
                    {index + 1}. {rule.name}
                  </Typography>
                  {enabledBadge(rule.enabled)}
                </Flex>
                <Typography variant="pi" textColor="neutral600">
                  {'→ '}
                  {rule.variant ? (
                    <Link to={editUrl(rule.variant)}>{rule.variantTitle ?? rule.variant}</Link>
                  ) : (
                    t('variants.thisEntry', 'this entry')
                  )}
                  {`, ${audience(rule.condition)}`}
                </Typography>
                <Flex gap={1}>
                  <Button
                    size="S"
                    variant="tertiary"
                    disabled={busy}
                    onClick={() => editRule(rule.name, { enabled: !rule.enabled })}
                    aria-label={
                      rule.enabled
                        ? t('variants.disableRule', 'Disable the rule {name}', { name: rule.name })
                        : t('variants.enableRule', 'Enable the rule {name}', { name: rule.name })
                    }
                  >
                    {rule.enabled
                      ? t('variants.disable', 'Disable')
                      : t('variants.enable', 'Enable')}
                  </Button>
                  <IconButton
                    label={t('variants.moveUp', 'Move the rule {name} up', { name: rule.name })}
                    disabled={busy || index === 0}
                    onClick={() => editRule(rule.name, { move: 'up' })}
                  >
                    <ArrowUp />
                  </IconButton>
                  <IconButton
                    label={t('variants.moveDown', 'Move the rule {name} down', { name: rule.name })}
                    disabled={busy || index === rules.length - 1}
                    onClick={() => editRule(rule.name, { move: 'down' })}
                  >
                    <ArrowDown />
                  </IconButton>
                </Flex>
              </Flex>
            </Box>
          ))}
        </Box>
      )}
      {ruleSet && manageDefinitions && (
        <Link to={`/plugins/cxm/rules/${ruleSet.documentId}`}>
          {t('variants.editConditions', 'Edit the conditions in the rule builder')}
        </Link>
      )}
      {canHaveVariants && allowedActions.canCreate && (
        <Button
          variant="secondary"
          startIcon={<Duplicate />}
          onClick={createVariant}
          loading={busy}
          fullWidth
        >
          {t('variants.create', 'Create variant from this entry')}
        </Button>
      )}
    </Flex>
  );
}

import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type {
  ConsentMode,
  GeoStatus,
  RuntimeOptionName,
  RuntimeOptions,
  RuntimeSettings,
  SettingsView,
} from '../../../server/src/contracts';
import { useSettingsApi } from '../api/settings';
import { useTranslate } from '../utils/translate';
import { PluginPage } from '../components/PluginPage';

type Overrides = Partial<RuntimeSettings>;

const overridesOf = (options: RuntimeOptions): Overrides =>
  Object.fromEntries(
    Object.entries(options).flatMap(([name, option]) =>
      option.overridden ? [[name, option.value]] : []
    )
  ) as Overrides;

/** Where an option's value comes from, and a way back to config/plugins. */
function Origin({
  name,
  options,
  overrides,
  onReset,
}: {
  name: RuntimeOptionName;
  options: RuntimeOptions;
  overrides: Overrides;
  onReset: () => void;
}) {
  const t = useTranslate();
  const configured = String(options[name].configured);
  if (overrides[name] === undefined) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('settings.fromConfig', 'From config/plugins')}
      </Typography>
    );
  }
  return (
    <Flex gap={2} justifyContent="space-between">
      <Typography variant="pi" fontWeight="bold" textColor="primary600">
        {t('settings.overridden', 'Overridden (config: {configured})', { configured })}
      </Typography>
      <Button
        variant="tertiary"
        size="S"
        onClick={onReset}
        aria-label={t('settings.resetOption', 'Reset {option} to config', { option: name })}
      >
        {t('settings.reset', 'Reset to config')}
      </Button>
    </Flex>
  );
}

function GeoIpStatus({ status }: { status: GeoStatus }) {
  const { formatDate } = useIntl();
  const t = useTranslate();
  const api = useSettingsApi();
  const [ip, setIp] = React.useState('');
  const [answer, setAnswer] = React.useState<string | null>(null);
  async function lookUp() {
    try {
      const { result } = await api.geoLookup(ip.trim());
      setAnswer(
        result
          ? [result.country, result.regionName, result.city].filter(Boolean).join(' / ')
          : t('settings.geoNoResult', 'No result: a private, reserved or unknown address')
      );
    } catch (error) {
      setAnswer((error as Error).message);
    }
  }
  const none = '—';
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {t('settings.geoPath', 'Database file')}
          </Typography>
          <Typography>
            {status.path ?? t('settings.geoNotConfigured', 'none configured (geoip.databasePath)')}
          </Typography>
        </Grid.Item>
        <Grid.Item col={2} s={4} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {t('settings.geoState', 'State')}
          </Typography>
          {status.loaded ? (
            <Badge active>{t('settings.geoLoaded', 'loaded')}</Badge>
          ) : (
            <Badge>{t('settings.geoNotLoaded', 'not loaded')}</Badge>
          )}
        </Grid.Item>
        <Grid.Item col={2} s={4} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {t('settings.geoType', 'Type')}
          </Typography>
          <Typography>{status.databaseType ?? none}</Typography>
        </Grid.Item>
        <Grid.Item col={2} s={4} direction="column" alignItems="flex-start">
          <Typography variant="sigma" textColor="neutral600">
            {t('settings.geoBuilt', 'Built')}
          </Typography>
          <Typography>
            {status.buildDate ? formatDate(status.buildDate, { dateStyle: 'medium' }) : none}
          </Typography>
        </Grid.Item>
      </Grid.Root>
      {status.error && <Typography textColor="danger600">{status.error}</Typography>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void lookUp();
        }}
      >
        <Flex gap={2} alignItems="flex-end">
          <Field.Root name="ip">
            <Field.Label>{t('settings.geoTestIp', 'Test an IP address')}</Field.Label>
            <TextInput
              value={ip}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => setIp(event.target.value)}
            />
          </Field.Root>
          <Button type="submit" variant="secondary" disabled={!ip.trim()}>
            {t('settings.geoLookUp', 'Look up')}
          </Button>
        </Flex>
      </form>
      {answer && <Typography data-testid="cxm-geo-answer">{answer}</Typography>}
    </Flex>
  );
}

/** Runtime options (overrides of config/plugins, effective on the next request) and the GeoIP database's status. */
export function Settings() {
  const t = useTranslate();
  const api = useSettingsApi();
  const { toggleNotification } = useNotification();
  const [state, setState] = React.useState<SettingsView | null>(null);
  const [overrides, setOverrides] = React.useState<Overrides>({});

  const show = React.useCallback((view: SettingsView) => {
    setState(view);
    setOverrides(overridesOf(view.options));
  }, []);
  React.useEffect(() => {
    api.get().then(show);
  }, [api, show]);

  async function save() {
    try {
      show(await api.replaceOverrides(overrides));
      toggleNotification({
        type: 'success',
        message: t('settings.saved', 'Settings saved'),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as Error).message });
    }
  }

  const title = t('settings.title', 'Settings');
  if (!state) return <Page.Loading />;
  const { options } = state;
  const valueOf = <Name extends RuntimeOptionName>(name: Name): RuntimeSettings[Name] =>
    (overrides[name] ?? options[name].configured) as RuntimeSettings[Name];
  /** undefined follows config/plugins again */
  const set = <Name extends RuntimeOptionName>(
    name: Name,
    value: RuntimeSettings[Name] | undefined
  ) => setOverrides({ ...overrides, [name]: value });
  const origin = (name: RuntimeOptionName) => (
    <Origin
      name={name}
      options={options}
      overrides={overrides}
      onReset={() => set(name, undefined)}
    />
  );
  const numberOption = (
    name:
      | 'visitTimeoutMinutes'
      | 'defaultHalfLifeDays'
      | 'personaMinViews'
      | 'retentionAnonymousContactDays'
      | 'retentionInteractionMonths',
    label: string,
    hint: string
  ) => (
    <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={2}>
      <Field.Root name={name} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <NumberInput
          value={valueOf(name)}
          onValueChange={(value: number | undefined) => set(name, value)}
        />
        <Field.Hint />
      </Field.Root>
      {origin(name)}
    </Grid.Item>
  );

  return (
    <PluginPage
      title={title}
      subtitle={t(
        'settings.subtitle',
        'Overrides of config/plugins, in effect from the next request on every instance'
      )}
      primaryAction={<Button onClick={save}>{t('settings.save', 'Save')}</Button>}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('settings.privacy', 'Privacy')}
            </Typography>
            <Grid.Root gap={4}>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={2}>
                <Field.Root name="consentMode">
                  <Field.Label>{t('settings.consentMode', 'Consent mode')}</Field.Label>
                  <SingleSelect
                    value={valueOf('consentMode')}
                    onChange={(value: string | number) => set('consentMode', value as ConsentMode)}
                  >
                    <SingleSelectOption value="implied">
                      {t('settings.implied', 'implied: track from the first request')}
                    </SingleSelectOption>
                    <SingleSelectOption value="opt-in">
                      {t('settings.optIn', 'opt-in: nothing stored before consent')}
                    </SingleSelectOption>
                  </SingleSelect>
                </Field.Root>
                {origin('consentMode')}
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={2}>
                <Checkbox
                  checked={valueOf('honorDoNotTrack')}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    set('honorDoNotTrack', checked === true)
                  }
                >
                  {t('settings.honorDoNotTrack', 'Honour Do-Not-Track')}
                </Checkbox>
                {origin('honorDoNotTrack')}
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={2}>
                <Checkbox
                  checked={valueOf('honorGlobalPrivacyControl')}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    set('honorGlobalPrivacyControl', checked === true)
                  }
                >
                  {t('settings.honorGlobalPrivacyControl', 'Honour Global Privacy Control')}
                </Checkbox>
                {origin('honorGlobalPrivacyControl')}
              </Grid.Item>
            </Grid.Root>
            <Typography variant="delta" tag="h2">
              {t('settings.tracking', 'Visits and profiles')}
            </Typography>
            <Grid.Root gap={4}>
              {numberOption(
                'visitTimeoutMinutes',
                t('settings.visitTimeout', 'Visit timeout (minutes)'),
                t('settings.visitTimeoutHint', 'A new visit starts after this much inactivity')
              )}
              {numberOption(
                'defaultHalfLifeDays',
                t('settings.defaultHalfLife', 'Default decay half-life (days)'),
                t('settings.defaultHalfLifeHint', 'For new profiles that name none; 0 = no decay')
              )}
              {numberOption(
                'personaMinViews',
                t('settings.personaMinViews', 'Scored views before a persona matches'),
                t('settings.personaMinViewsHint', 'Fewer views say too little about a visitor')
              )}
              {numberOption(
                'retentionAnonymousContactDays',
                t('settings.retentionContacts', 'Keep anonymous contacts (days unseen)'),
                t(
                  'settings.retentionContactsHint',
                  'Then deleted with their visits and interactions; 0 = keep'
                )
              )}
              {numberOption(
                'retentionInteractionMonths',
                t('settings.retentionInteractions', 'Keep raw interactions (months)'),
                t(
                  'settings.retentionInteractionsHint',
                  'Older ones are deleted, rollups keep their counts; 0 = keep'
                )
              )}
            </Grid.Root>
          </Flex>
        </Box>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="delta" tag="h2">
              {t('settings.geoip', 'GeoIP database')}
            </Typography>
            <GeoIpStatus status={state.geoip} />
          </Flex>
        </Box>
      </Flex>
    </PluginPage>
  );
}

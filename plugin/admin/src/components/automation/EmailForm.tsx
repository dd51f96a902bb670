import * as React from 'react';
import {
  Box,
  Button,
  Combobox,
  ComboboxOption,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Tabs,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import {
  VALUE_TOKENS,
  renderTemplate,
  type Step,
  type TemplateValues,
} from '../../../../server/src/contracts';
import type { NodeProblem } from '../../utils/flowGraph';
import { useTranslate } from '../../utils/translate';
import { Labeled, OptionalSelect, problemOf, type Vocabulary } from './fields';

type EmailStep = Extract<Step, { type: 'email' }>;
type TemplateField = 'subject' | 'text' | 'html';

const TOKENS = [...VALUE_TOKENS, 'unsubscribe'] as const;

/**
 * The e-mail step: subject, plain text and HTML with a token picker that inserts at the cursor
 * of the field last edited, tracked links to a page, and a preview with sample values rendered
 * by the same template code the sender uses.
 */
export function EmailForm({
  step,
  vocabulary,
  problems,
  onChange,
}: {
  step: EmailStep;
  vocabulary: Vocabulary;
  problems: NodeProblem[];
  onChange: (step: EmailStep) => void;
}) {
  const t = useTranslate();
  const cursor = React.useRef<{ field: TemplateField; start: number; end: number }>({
    field: 'text',
    start: step.text.length,
    end: step.text.length,
  });
  const [token, setToken] = React.useState<string>('firstName');
  const [linkUrl, setLinkUrl] = React.useState('');

  const remember = (field: TemplateField, event: React.SyntheticEvent) => {
    const input = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
    cursor.current = {
      field,
      start: input.selectionStart ?? input.value.length,
      end: input.selectionEnd ?? input.value.length,
    };
  };
  const insert = (text: string) => {
    const { field, start, end } = cursor.current;
    const current = step[field] ?? '';
    const at = Math.min(start, current.length);
    const next = current.slice(0, at) + text + current.slice(Math.min(end, current.length));
    cursor.current = { field, start: at + text.length, end: at + text.length };
    onChange({ ...step, [field]: next });
  };
  const tokenLabel = (name: string) => t(`automations.token.${name}`, name);

  const sample: TemplateValues = {
    values: {
      firstName: 'Max',
      lastName: 'Müller',
      email: 'max.mueller@example.com',
      persona: vocabulary.personas[0]?.name ?? null,
      topInterest: vocabulary.profileKeys[0]?.name ?? null,
    },
    link: (url) => url,
    unsubscribe: 'https://example.com/unsubscribe',
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Labeled
        label={t('automations.email.subject', 'Subject')}
        error={problemOf(problems, 'subject')}
        required
      >
        <TextInput
          value={step.subject}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
            remember('subject', event);
            onChange({ ...step, subject: event.target.value });
          }}
          onSelect={(event: React.SyntheticEvent) => remember('subject', event)}
          onFocus={(event: React.SyntheticEvent) => remember('subject', event)}
        />
      </Labeled>
      <Labeled
        label={t('automations.email.text', 'Plain text')}
        error={problemOf(problems, 'text')}
        required
      >
        <Textarea
          value={step.text}
          rows={8}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
            remember('text', event);
            onChange({ ...step, text: event.target.value });
          }}
          onSelect={(event: React.SyntheticEvent) => remember('text', event)}
          onFocus={(event: React.SyntheticEvent) => remember('text', event)}
        />
      </Labeled>
      <Labeled
        label={t('automations.email.html', 'HTML (optional)')}
        error={problemOf(problems, 'html')}
      >
        <Textarea
          value={step.html ?? ''}
          rows={6}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
            remember('html', event);
            const html = event.target.value;
            const { html: _left, ...rest } = step;
            onChange(html ? { ...rest, html } : rest);
          }}
          onSelect={(event: React.SyntheticEvent) => remember('html', event)}
          onFocus={(event: React.SyntheticEvent) => remember('html', event)}
        />
      </Labeled>
      <Box background="neutral100" hasRadius padding={3}>
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'automations.email.tokensHint',
              'Inserted where the cursor was in the field you edited last.'
            )}
          </Typography>
          <Flex gap={2} alignItems="flex-end">
            <Box flex="1">
              <Labeled label={t('automations.email.token', 'Personal value')}>
                <SingleSelect
                  value={token}
                  onChange={(value: string | number) => setToken(String(value))}
                >
                  {TOKENS.map((name) => (
                    <SingleSelectOption key={name} value={name}>
                      {tokenLabel(name)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Labeled>
            </Box>
            <Button variant="secondary" onClick={() => insert(`{{${token}}}`)}>
              {t('automations.email.insertToken', 'Insert value')}
            </Button>
          </Flex>
          <Flex gap={2} alignItems="flex-end">
            <Box flex="1">
              <Labeled
                label={t('automations.email.linkTarget', 'Tracked link to page')}
                hint={t(
                  'automations.email.linkHint',
                  'The link identifies the contact and credits the campaign below.'
                )}
              >
                <Combobox
                  value={linkUrl}
                  textValue={linkUrl}
                  allowCustomValue
                  autocomplete="none"
                  onChange={(value?: string) => setLinkUrl(value ?? '')}
                  onInputChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                    setLinkUrl(event.target.value)
                  }
                  placeholder="https://"
                >
                  {vocabulary.pageUrls.map((url) => (
                    <ComboboxOption key={url} value={url}>
                      {url}
                    </ComboboxOption>
                  ))}
                </Combobox>
              </Labeled>
            </Box>
            <Button
              variant="secondary"
              disabled={!/^https?:\/\/\S+$/.test(linkUrl.trim())}
              onClick={() => insert(`{{link:${linkUrl.trim()}}}`)}
            >
              {t('automations.email.insertLink', 'Insert link')}
            </Button>
          </Flex>
        </Flex>
      </Box>
      <OptionalSelect
        label={t('automations.email.campaign', 'Campaign credited by its links')}
        value={step.campaign}
        noneLabel={t('automations.none', 'None')}
        options={vocabulary.campaigns.map((campaign) => ({
          value: campaign.slug,
          label: campaign.name,
        }))}
        error={problemOf(problems, 'campaign')}
        onChange={(campaign) => {
          const { campaign: _left, ...rest } = step;
          onChange(campaign ? { ...rest, campaign } : rest);
        }}
      />
      <Box>
        <Typography variant="sigma" textColor="neutral600">
          {t('automations.email.preview', 'Preview with sample values')}
        </Typography>
        <Tabs.Root defaultValue="text">
          <Tabs.List aria-label={t('automations.email.preview', 'Preview with sample values')}>
            <Tabs.Trigger value="text">{t('automations.email.previewText', 'Text')}</Tabs.Trigger>
            <Tabs.Trigger value="html" disabled={!step.html}>
              {t('automations.email.previewHtml', 'HTML')}
            </Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="text">
            <Box padding={3} background="neutral0" data-testid="cxm-email-preview">
              <Typography fontWeight="bold">
                {renderTemplate(step.subject, 'text', sample)}
              </Typography>
              <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
                {renderTemplate(step.text, 'text', sample)}
              </pre>
            </Box>
          </Tabs.Content>
          <Tabs.Content value="html">
            {/* sandboxed: the marketer's HTML is shown, never run */}
            <iframe
              title={t('automations.email.previewHtml', 'HTML')}
              sandbox=""
              srcDoc={renderTemplate(step.html ?? '', 'html', sample)}
              style={{ width: '100%', height: 260, border: 0, background: 'white' }}
            />
          </Tabs.Content>
        </Tabs.Root>
      </Box>
    </Flex>
  );
}

/**
 * The plugin's fixed words (channels, consent values, timeline event types, devices) in the
 * admin's language: one place, so that every page names them alike.
 */
import * as React from 'react';
import type { Channel, DeviceClass } from '../../../server/src/contracts';
import { useTranslate } from './translate';

export interface Vocabulary {
  channel(slug: string | null | undefined): string;
  consent(value: string | null | undefined): string;
  eventType(type: string): string;
  device(slug: string | null | undefined): string;
}

const NONE = '—';

export function useVocabulary(): Vocabulary {
  const t = useTranslate();
  return React.useMemo(() => {
    const channels: Record<Channel, string> = {
      direct: t('channel.direct', 'Direct'),
      'organic-search': t('channel.organic-search', 'Organic search'),
      'paid-search': t('channel.paid-search', 'Paid search'),
      email: t('channel.email', 'E-mail'),
      social: t('channel.social', 'Social media'),
      referral: t('channel.referral', 'Referral'),
      display: t('channel.display', 'Display ads'),
      offline: t('channel.offline', 'Offline (QR, print)'),
    };
    const consents: Record<string, string> = {
      none: t('consent.none', 'None'),
      analytics: t('consent.analytics', 'Measurement only'),
      personalization: t('consent.personalization', 'Personalization'),
      implied: t('consent.implied', 'Implied (not asked)'),
    };
    const events: Record<string, string> = {
      visit: t('event.visit', 'Visit'),
      view: t('event.view', 'View'),
      goal: t('event.goal', 'Goal'),
      persona: t('event.persona', 'Persona'),
      exposure: t('event.exposure', 'Experiment'),
      identify: t('event.identify', 'Identified'),
      consent: t('event.consent', 'Consent'),
      click: t('event.click', 'Click'),
      email: t('event.email', 'E-mail'),
      automation: t('event.automation', 'Automation'),
    };
    const devices: Record<DeviceClass, string> = {
      desktop: t('device.desktop', 'Desktop'),
      mobile: t('device.mobile', 'Mobile'),
      tablet: t('device.tablet', 'Tablet'),
    };
    const lookup = (words: Record<string, string>) => (value: string | null | undefined) =>
      value ? (Object.hasOwn(words, value) ? words[value] : value) : NONE;
    return {
      channel: lookup(channels),
      consent: lookup(consents),
      eventType: (type) => lookup(events)(type),
      device: lookup(devices),
    };
  }, [t]);
}

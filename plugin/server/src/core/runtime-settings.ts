/**
 * The options an admin may change at runtime on the Settings page. They are stored as
 * overrides of the values in config/plugins: an option without an override follows the config.
 */
import type { PluginConfig } from '../config';

export interface RuntimeSettings {
  consentMode: PluginConfig['consent']['mode'];
  honorDoNotTrack: boolean;
  honorGlobalPrivacyControl: boolean;
  visitTimeoutMinutes: number;
  defaultHalfLifeDays: number;
  personaMinViews: number;
  retentionAnonymousContactDays: number;
  retentionInteractionMonths: number;
}

export type RuntimeOverrides = Partial<RuntimeSettings>;

export type RuntimeOptionName = keyof RuntimeSettings;

export const RUNTIME_OPTIONS: readonly RuntimeOptionName[] = [
  'consentMode',
  'honorDoNotTrack',
  'honorGlobalPrivacyControl',
  'visitTimeoutMinutes',
  'defaultHalfLifeDays',
  'personaMinViews',
  'retentionAnonymousContactDays',
  'retentionInteractionMonths',
];

export function runtimeSettingsOf(config: PluginConfig): RuntimeSettings {
  return {
    consentMode: config.consent.mode,
    honorDoNotTrack: config.consent.honorDoNotTrack,
    honorGlobalPrivacyControl: config.consent.honorGlobalPrivacyControl,
    visitTimeoutMinutes: config.visitTimeoutMinutes,
    defaultHalfLifeDays: config.defaultHalfLifeDays,
    personaMinViews: config.personaMinViews,
    retentionAnonymousContactDays: config.retention.anonymousContactDays,
    retentionInteractionMonths: config.retention.interactionMonths,
  };
}

/** The configuration with the overrides applied; options without an override keep their configured value. */
export function withOverrides<T extends PluginConfig>(config: T, overrides: RuntimeOverrides): T {
  const value = { ...runtimeSettingsOf(config), ...definedOnly(overrides) };
  return {
    ...config,
    consent: {
      mode: value.consentMode,
      honorDoNotTrack: value.honorDoNotTrack,
      honorGlobalPrivacyControl: value.honorGlobalPrivacyControl,
    },
    visitTimeoutMinutes: value.visitTimeoutMinutes,
    defaultHalfLifeDays: value.defaultHalfLifeDays,
    personaMinViews: value.personaMinViews,
    retention: {
      anonymousContactDays: value.retentionAnonymousContactDays,
      interactionMonths: value.retentionInteractionMonths,
    },
  };
}

export interface RuntimeOptionState<T = unknown> {
  /** what applies now */
  value: T;
  /** what config/plugins says */
  configured: T;
  overridden: boolean;
}

/** Every option's state, each with the type of its value. */
export type RuntimeOptionStates = {
  [Name in RuntimeOptionName]: RuntimeOptionState<RuntimeSettings[Name]>;
};

/** Each option with its configured value and whether an override replaces it: what the Settings page shows. */
export function describeRuntimeSettings(
  config: PluginConfig,
  overrides: RuntimeOverrides
): RuntimeOptionStates {
  const configured = runtimeSettingsOf(config);
  const defined = definedOnly(overrides);
  return Object.fromEntries(
    RUNTIME_OPTIONS.map((name) => [
      name,
      {
        value: defined[name] ?? configured[name],
        configured: configured[name],
        overridden: name in defined,
      },
    ])
    // Object.fromEntries forgets which value type goes with which name
  ) as RuntimeOptionStates;
}

function definedOnly(overrides: RuntimeOverrides): RuntimeOverrides {
  return Object.fromEntries(
    Object.entries(overrides).filter(
      ([name, value]) =>
        value !== undefined && value !== null && RUNTIME_OPTIONS.includes(name as RuntimeOptionName)
    )
  ) as RuntimeOverrides;
}

import { parsePluginConfig } from '../../config';
import { describeRuntimeSettings, runtimeSettingsOf, withOverrides } from '../runtime-settings';

const config = parsePluginConfig({
  visitTimeoutMinutes: 20,
  consent: { mode: 'implied', honorDoNotTrack: true },
});

describe('runtime settings', () => {
  it('reads the runtime options from the configuration', () => {
    expect(runtimeSettingsOf(config)).toEqual({
      consentMode: 'implied',
      honorDoNotTrack: true,
      honorGlobalPrivacyControl: true,
      visitTimeoutMinutes: 20,
      defaultHalfLifeDays: 0,
      personaMinViews: 3,
      retentionAnonymousContactDays: 395,
      retentionInteractionMonths: 25,
    });
  });

  it('applies overrides and leaves every other setting as configured', () => {
    const effective = withOverrides(config, { consentMode: 'opt-in', visitTimeoutMinutes: 5 });
    expect(effective.consent).toEqual({
      mode: 'opt-in',
      honorDoNotTrack: true,
      honorGlobalPrivacyControl: true,
    });
    expect(effective.visitTimeoutMinutes).toBe(5);
    expect(effective.personaMinViews).toBe(3);
    expect(effective.cookieName).toBe(config.cookieName);
    expect(config.visitTimeoutMinutes).toBe(20); // the configuration itself is untouched
  });

  it('ignores null and unknown overrides', () => {
    const overrides = { visitTimeoutMinutes: null, cookieName: 'other' } as unknown as Record<
      string,
      never
    >;
    expect(withOverrides(config, overrides)).toEqual(config);
  });

  it('tells for each option its value, its configured value and whether it is overridden', () => {
    const described = describeRuntimeSettings(config, {
      personaMinViews: 5,
      honorDoNotTrack: false,
    });
    expect(described.personaMinViews).toEqual({ value: 5, configured: 3, overridden: true });
    expect(described.honorDoNotTrack).toEqual({ value: false, configured: true, overridden: true });
    expect(described.visitTimeoutMinutes).toEqual({ value: 20, configured: 20, overridden: false });
    expect(Object.keys(described)).toHaveLength(8);
  });
});

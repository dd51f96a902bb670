import { parsePluginConfig } from '..';

describe('plugin configuration', () => {
  it('fills every default', () => {
    expect(parsePluginConfig(undefined)).toEqual({
      cookieName: 'cxm_vid',
      headerName: 'X-CXM-Visitor',
      cookieMaxAgeDays: 365,
      visitTimeoutMinutes: 30,
      consent: { mode: 'implied', honorDoNotTrack: false, honorGlobalPrivacyControl: true },
      personaMinViews: 3,
      defaultHalfLifeDays: 0,
      geoip: { watch: true },
      trustedProxies: [],
      ownHosts: [],
      writeBuffer: { flushIntervalMs: 1000, maxBatchSize: 500, stateWriteDelayMs: 5000 },
      retention: { anonymousContactDays: 395, interactionMonths: 25 },
      definitionsPollMs: 2000,
      automation: {
        scheduler: true,
        tickCron: '*/10 * * * * *',
        batchSize: 200,
        leaseMs: 30_000,
        claimTimeoutMs: 300_000,
        sendConcurrency: 16,
        maxAttempts: 5,
        retryBaseMs: 60_000,
        linkExpiryDays: 90,
        enrolmentFlushMs: 500,
      },
    });
  });

  it('refuses a tick that is not a cron expression and a link base that is not http(s)', () => {
    expect(() =>
      parsePluginConfig({ automation: { tickCron: 'every minute', publicUrl: 'ftp://x.example' } })
    ).toThrow(
      /cxm\.automation\.tickCron: must be a valid cron expression\n.*cxm\.automation\.publicUrl/
    );
  });

  it('keeps given values', () => {
    const config = parsePluginConfig({
      cookieName: 'vid',
      visitTimeoutMinutes: 10,
      consent: { mode: 'opt-in' },
    });
    expect(config.cookieName).toBe('vid');
    expect(config.visitTimeoutMinutes).toBe(10);
    expect(config.consent).toEqual({
      mode: 'opt-in',
      honorDoNotTrack: false,
      honorGlobalPrivacyControl: true,
    });
  });

  it('names every wrong setting in one error', () => {
    let message = '';
    try {
      parsePluginConfig({
        cookieName: 'a b',
        visitTimeoutMinutes: -1,
        secret: 'short',
        bogus: 1,
        consent: { mode: 'always' },
        trustedProxies: ['nope'],
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Invalid configuration of plugin "cxm"/);
    expect(message).toMatch(/cxm\.cookieName: must be a cookie name token/);
    expect(message).toMatch(/cxm\.visitTimeoutMinutes:/);
    expect(message).toMatch(/cxm\.secret: must be at least 16 characters/);
    expect(message).toMatch(/cxm\.consent\.mode:/);
    expect(message).toMatch(/bogus/);
    expect(message).toMatch(/cxm\.trustedProxies\.0: must be an IP address or CIDR/);
  });
});

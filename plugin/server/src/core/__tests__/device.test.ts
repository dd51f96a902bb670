import { describeDevice, isBot } from '../device';

const AGENTS = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  iPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  curl: 'curl/8.5.0',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
};

describe('describeDevice', () => {
  it.each([
    [AGENTS.chromeWindows, 'desktop', 'Windows', 'Chrome'],
    [AGENTS.safariMac, 'desktop', 'macOS', 'Safari'],
    [AGENTS.iPhone, 'mobile', 'iOS', 'Safari'],
    [AGENTS.android, 'mobile', 'Android', 'Chrome'],
    [AGENTS.iPad, 'tablet', 'iOS', 'Safari'],
    [AGENTS.firefoxLinux, 'desktop', 'Linux', 'Firefox'],
  ])('%s', (agent, device, os, browser) => {
    expect(describeDevice(agent)).toEqual({ device, os, browser });
  });

  it('knows nothing without a user agent and survives garbage', () => {
    expect(describeDevice(undefined)).toEqual({ device: null, os: null, browser: null });
    expect(() => describeDevice('\u0000\uffff'.repeat(5000))).not.toThrow();
  });
});

describe('isBot', () => {
  it.each([AGENTS.googlebot, AGENTS.bingbot, AGENTS.curl, AGENTS.headless])('flags %s', (agent) => {
    expect(isBot(agent)).toBe(true);
  });

  it.each([AGENTS.chromeWindows, AGENTS.iPhone, AGENTS.android, undefined])(
    'lets %s through',
    (agent) => {
      expect(isBot(agent)).toBe(false);
    }
  );
});

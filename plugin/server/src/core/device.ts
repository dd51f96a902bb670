/** Device class, OS and browser from the user agent (Bowser), and bots (isbot's maintained list). */
import Bowser from 'bowser';
import { isbot } from 'isbot';

import type { DeviceClass } from './vocabulary';
import { memoizeRecent } from './memo';

export { DEVICE_CLASSES } from './vocabulary';

export interface DeviceInfo {
  device: DeviceClass | null;
  os: string | null;
  browser: string | null;
}

const MAX_USER_AGENT = 1024;
/** User-Agents whose verdicts are kept: a site's visitors use a few hundred browsers and versions. */
const KEPT_USER_AGENTS = 1_000;

const isBotAgent = memoizeRecent(isbot, KEPT_USER_AGENTS);

export function isBot(userAgent: string | undefined): boolean {
  return !!userAgent && isBotAgent(userAgent.slice(0, MAX_USER_AGENT));
}

const describeAgent = memoizeRecent((userAgent): Readonly<DeviceInfo> => {
  const parsed = Bowser.parse(userAgent);
  const type = parsed.platform.type;
  return Object.freeze({
    // TVs and consoles browse like desktops; the three classes are what rules need
    device: type === 'mobile' || type === 'tablet' ? type : type ? 'desktop' : null,
    os: parsed.os.name ?? null,
    browser: parsed.browser.name ?? null,
  });
}, KEPT_USER_AGENTS);

export function describeDevice(userAgent: string | undefined): Readonly<DeviceInfo> {
  if (!userAgent) return { device: null, os: null, browser: null };
  return describeAgent(userAgent.slice(0, MAX_USER_AGENT));
}

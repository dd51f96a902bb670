/** Device class, OS and browser from the user agent (Bowser), and bots (isbot's maintained list). */
import Bowser from 'bowser';
import { isbot } from 'isbot';

import type { DeviceClass } from './vocabulary';

export { DEVICE_CLASSES } from './vocabulary';

export interface DeviceInfo {
  device: DeviceClass | null;
  os: string | null;
  browser: string | null;
}

const MAX_USER_AGENT = 1024;

export function isBot(userAgent: string | undefined): boolean {
  return !!userAgent && isbot(userAgent.slice(0, MAX_USER_AGENT));
}

export function describeDevice(userAgent: string | undefined): DeviceInfo {
  if (!userAgent) return { device: null, os: null, browser: null };
  const parsed = Bowser.parse(userAgent.slice(0, MAX_USER_AGENT));
  const type = parsed.platform.type;
  return {
    // TVs and consoles browse like desktops; the three classes are what rules need
    device: type === 'mobile' || type === 'tablet' ? type : type ? 'desktop' : null,
    os: parsed.os.name ?? null,
    browser: parsed.browser.name ?? null,
  };
}

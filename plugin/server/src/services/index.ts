import settings from './settings';
import definitions from './definitions';
import tracking from './tracking';
import personalization from './personalization';
import definitionWrites from './definition-writes';
import geoip from './geoip';
import variants from './variants';
import definitionUsage from './definition-usage';
import automations from './automation/automations';
import automationRunner from './automation/runner';
import automationScheduler from './automation/scheduler';
import leases from './automation/leases';
import trackedLinks from './automation/tracked-links';

export default {
  settings,
  definitions,
  tracking,
  personalization,
  'definition-writes': definitionWrites,
  geoip,
  variants,
  'definition-usage': definitionUsage,
  automations,
  'automation-runner': automationRunner,
  'automation-scheduler': automationScheduler,
  leases,
  'tracked-links': trackedLinks,
};

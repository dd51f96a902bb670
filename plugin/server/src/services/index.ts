import settings from './settings';
import definitions from './definitions';
import contactCache from './visitors/contact-cache';
import writeBuffer from './visitors/write-buffer';
import visitors from './visitors/actions';
import visitorEvents from './visitors/events';
import tracking from './visitors/tracking';
import deadLetters from './visitors/dead-letters';
import erasures from './visitors/erasures';
import retention from './visitors/retention';
import personalization from './personalization';
import relatedEntries from './related-entries';
import simulator from './simulator';
import definitionWrites from './definition-writes';
import geoip from './geoip';
import variants from './variants';
import definitionUsage from './definition-usage';
import documents from './documents';
import ruleSets from './rule-sets';
import ruleCatalog from './rule-catalog';
import analytics from './analytics';
import campaigns from './campaigns';
import contacts from './contacts';
import experiments from './experiments';
import goals from './goals';
import personas from './personas';
import profiles from './profiles';
import tagging from './tagging';
import automations from './automation/automations';
import automationRunner from './automation/runner';
import automationScheduler from './automation/scheduler';
import leases from './automation/leases';
import trackedLinks from './automation/tracked-links';

export default {
  settings,
  definitions,
  'contact-cache': contactCache,
  'write-buffer': writeBuffer,
  visitors,
  'visitor-events': visitorEvents,
  tracking,
  'dead-letters': deadLetters,
  erasures,
  retention,
  personalization,
  'related-entries': relatedEntries,
  simulator,
  'definition-writes': definitionWrites,
  geoip,
  variants,
  'definition-usage': definitionUsage,
  documents,
  'rule-sets': ruleSets,
  'rule-catalog': ruleCatalog,
  analytics,
  campaigns,
  contacts,
  experiments,
  goals,
  personas,
  profiles,
  tagging,
  automations,
  'automation-runner': automationRunner,
  'automation-scheduler': automationScheduler,
  leases,
  'tracked-links': trackedLinks,
};

import context from './context';
import identity from './identity';
import events from './events';
import analytics from './analytics';
import contacts from './contacts';
import experiments from './experiments';
import tagging from './tagging';
import simulator from './simulator';
import goals from './goals';
import variants from './variants';
import profiles from './profiles';
import personas from './personas';
import settings from './settings';
import consent from './consent';
import campaigns from './campaigns';
import rules from './rules';
import automations from './automations';
import trackedLinks from './tracked-links';
import unsubscribe from './unsubscribe';
import me from './me';

export default {
  context,
  identity,
  events,
  analytics,
  contacts,
  experiments,
  tagging,
  simulator,
  goals,
  variants,
  profiles,
  personas,
  settings,
  consent,
  campaigns,
  rules,
  automations,
  'tracked-links': trackedLinks,
  unsubscribe,
  me,
};

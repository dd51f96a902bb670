import profile from './profile/schema.json';
import profileKey from './profile-key/schema.json';
import persona from './persona/schema.json';
import goal from './goal/schema.json';
import campaign from './campaign/schema.json';
import variantRule from './variant-rule/schema.json';
import experiment from './experiment/schema.json';
import contentTag from './content-tag/schema.json';
import contact from './contact/schema.json';
import visit from './visit/schema.json';
import interaction from './interaction/schema.json';
import rollup from './rollup/schema.json';
import automation from './automation/schema.json';
import automationVersion from './automation-version/schema.json';
import enrollment from './enrollment/schema.json';
import stepLog from './step-log/schema.json';
import trackedLink from './tracked-link/schema.json';
import lease from './lease/schema.json';
import deadLetter from './dead-letter/schema.json';
import erasure from './erasure/schema.json';

export default {
  profile: { schema: profile },
  'profile-key': { schema: profileKey },
  persona: { schema: persona },
  goal: { schema: goal },
  campaign: { schema: campaign },
  'variant-rule': { schema: variantRule },
  experiment: { schema: experiment },
  'content-tag': { schema: contentTag },
  contact: { schema: contact },
  visit: { schema: visit },
  interaction: { schema: interaction },
  rollup: { schema: rollup },
  automation: { schema: automation },
  'automation-version': { schema: automationVersion },
  enrollment: { schema: enrollment },
  'step-log': { schema: stepLog },
  'tracked-link': { schema: trackedLink },
  lease: { schema: lease },
  'dead-letter': { schema: deadLetter },
  erasure: { schema: erasure },
};

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
  'dead-letter': { schema: deadLetter },
  erasure: { schema: erasure },
};

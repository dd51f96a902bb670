import settings from './settings';
import definitions from './definitions';
import tracking from './tracking';
import personalization from './personalization';
import definitionWrites from './definition-writes';
import geoip from './geoip';
import variants from './variants';
import definitionUsage from './definition-usage';

export default {
  settings,
  definitions,
  tracking,
  personalization,
  'definition-writes': definitionWrites,
  geoip,
  variants,
  'definition-usage': definitionUsage,
};

/**
 * The admin API's contracts: what each admin route answers, what it takes, and the constants
 * both the server and the admin use. Pure types and constants (no Strapi, no Node built-ins):
 * the admin bundles this folder. Constants that live in core are re-exported from there.
 */
export * from './common';
export * from './constants';
export * from './consent';
export * from './analytics';
export * from './automations';
export * from './contacts';
export * from './definitions';
export * from './experiments';
export * from './rules';
export * from './settings';
export * from './simulator';
export * from './tagging';

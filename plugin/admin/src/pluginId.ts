export const PLUGIN_ID = 'cxm';

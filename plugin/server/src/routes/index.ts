export default {
  'content-api': {
    type: 'content-api',
    routes: [
      { method: 'GET', path: '/context', handler: 'context.find', config: { policies: [] } },
      { method: 'POST', path: '/identify', handler: 'identity.identify', config: { policies: ['plugin::cxm.is-api-token'] } },
      { method: 'GET', path: '/r/:token', handler: 'identity.redirect', config: { policies: [] } },
    ],
  },
};

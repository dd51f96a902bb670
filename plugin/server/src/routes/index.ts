export default {
  'content-api': {
    type: 'content-api',
    routes: [
      {
        method: 'GET',
        path: '/context',
        handler: 'context.find',
        config: { policies: [] },
      },
    ],
  },
};

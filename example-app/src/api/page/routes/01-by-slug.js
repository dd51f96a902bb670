'use strict';

module.exports = {
  routes: [
    {
      method: 'GET',
      path: '/pages/by-slug/:slug',
      handler: 'page.bySlug',
      // Open without a Public role permission: users-permissions builds every anonymous
      // request's ability from all of that role's permissions, so each one costs every read.
      config: { auth: false },
    },
  ],
};

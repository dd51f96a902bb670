'use strict';

module.exports = {
  routes: [{ method: 'GET', path: '/dealers/nearest', handler: 'dealer.nearest' }],
};

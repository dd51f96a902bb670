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
      writeBuffer: { flushIntervalMs: env.int('CXM_FLUSH_INTERVAL_MS', 1000) },
    },
  },
});

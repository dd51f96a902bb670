'use strict';

const {
  winston,
  formats: { prettyPrint },
} = require('@strapi/logger');

// LOG_LEVEL and everything more severe: the default `http` prints requests, and the warnings and
// errors of Strapi and its plugins (a level filter here would hide those).
const level = process.env.LOG_LEVEL || 'http';

module.exports = {
  transports: [
    new winston.transports.Console({
      level,
      format: prettyPrint({ timestamps: 'YYYY-MM-DD hh:mm:ss.SSS' }),
    }),
  ],
};

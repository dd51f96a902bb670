// Prints an .env for the example app with fresh random secrets (the app refuses to start without them).
const { randomBytes } = require('crypto');

const secret = () => randomBytes(16).toString('base64');
console.log(`HOST=0.0.0.0
PORT=1337
APP_KEYS=${[secret(), secret(), secret(), secret()].join(',')}
API_TOKEN_SALT=${secret()}
ADMIN_JWT_SECRET=${secret()}
TRANSFER_TOKEN_SALT=${secret()}
JWT_SECRET=${secret()}
ENCRYPTION_KEY=${secret()}
DATABASE_CLIENT=sqlite
DATABASE_FILENAME=.tmp/data.db`);

#!/usr/bin/env bash
# Installs what is needed and starts the example app with the demo content on SQLite at
# http://localhost:1337 (admin at /admin; the credentials are printed below).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== install"
npm install --no-audit --no-fund --loglevel=error
echo "== build plugin"
npm run build --silent -w strapi-plugin-cxm

cd example-app
if [ ! -f .env ]; then
  echo "== writing example-app/.env with fresh secrets"
  node ../scripts/write-env.js > .env
fi
if [ ! -f .tmp/data.db ] && [ "${DEMO_TRAFFIC:-1}" = 1 ]; then
  echo "== generating 30 days of demo traffic (once, on a new database; DEMO_TRAFFIC=0 skips)"
  node ../scripts/generate-traffic.js
fi
echo "== build admin panel"
node ../scripts/build-admin.js
cat <<'INFO'

  Demo admin:  http://localhost:1337/admin
  e-mail:      admin@example.com   (DEMO_ADMIN_EMAIL overrides)
  password:    Demo-Admin-2026     (DEMO_ADMIN_PASSWORD overrides)

INFO
exec npx strapi start

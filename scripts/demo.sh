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

# A local SMTP server with a web inbox: the automation's e-mails arrive there (SMTP_HOST /
# SMTP_PORT point Strapi at a real server instead; see README "E-mail").
SMTP_PORT=${SMTP_PORT:-1025}
INBOX_PORT=${INBOX_PORT:-1080}
inbox_pid=
if [ -z "${SMTP_HOST:-}" ]; then
  echo "== local inbox (maildev) on SMTP port $SMTP_PORT, web port $INBOX_PORT"
  mkdir -p .tmp
  node ../node_modules/maildev/dist/bin/maildev.js --ip 127.0.0.1 --smtp "$SMTP_PORT" --web-ip 127.0.0.1 --web "$INBOX_PORT" \
    --mail-directory .tmp/inbox > .tmp/maildev.log 2>&1 &
  inbox_pid=$!
  trap '[ -n "$inbox_pid" ] && kill "$inbox_pid" 2>/dev/null' EXIT
  export SMTP_HOST=127.0.0.1 SMTP_PORT
fi
export CXM_PUBLIC_URL=${CXM_PUBLIC_URL:-http://localhost:1337}

cat <<INFO

  Demo admin:  http://localhost:1337/admin
  e-mail:      admin@example.com   (DEMO_ADMIN_EMAIL overrides)
  password:    Demo-Admin-2026     (DEMO_ADMIN_PASSWORD overrides)
  Inbox:       $([ -n "$inbox_pid" ] && echo "http://localhost:$INBOX_PORT  (the automation's e-mails)" || echo "SMTP server $SMTP_HOST:$SMTP_PORT")

INFO
npx strapi start

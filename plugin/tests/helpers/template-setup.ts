/** Makes and drops a run's template (tests/helpers/template.ts): jest's global setup and teardown. */
import fs from 'node:fs';
import { startChildApp } from './child-app';
import { existingDatabase } from './database';
import { announceTemplate, currentTemplate, newAppData } from './template';

/** The example app boots on a fresh database once (a child process, startApp's defaults) and stops. */
export async function makeTemplate(client: string): Promise<void> {
  announceTemplate(undefined);
  const { name, database, publicDir, secrets } = await newAppData(client, 'cxm_template');
  const app = await startChildApp({
    client,
    database,
    publicDir,
    env: { ...secrets, NODE_ENV: 'test' },
  });
  await app.stop();
  announceTemplate({ client, name, publicDir, secrets });
}

export async function dropTemplate(client: string): Promise<void> {
  const template = currentTemplate(client);
  if (!template) return;
  await existingDatabase(client, template.name).drop();
  fs.rmSync(template.publicDir, { recursive: true, force: true });
  announceTemplate(undefined);
}

/**
 * The template of a test run: a database the example app booted on once, with the demo seeded,
 * made before the first test file (tests/helpers/template-setup.ts). The apps the tests boot
 * start on a copy of it, which skips creating the schema and seeding the demo: two thirds of a
 * boot on a fresh database (2–5 s of CPU per app, the most on MariaDB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { appDir, createDatabase, type TestDatabase } from './database';
import { appSecrets, uniqueName } from './environment';

export interface Template {
  client: string;
  /** the database's name */
  name: string;
  /** the public folder with the images the seed uploaded */
  publicDir: string;
  /** the secrets it was booted with (the admin user's and the seed's rows were written with them) */
  secrets: Record<string, string>;
}

const TEMPLATE_ENV = 'CXM_TEST_TEMPLATE';

/** The template of this run for the database client, if there is one. */
export function currentTemplate(client: string): Template | undefined {
  const value = process.env[TEMPLATE_ENV];
  const template = value ? (JSON.parse(value) as Template) : undefined;
  return template?.client === client ? template : undefined;
}

/** Makes the template known to the test files of this run (and to the apps they start). */
export function announceTemplate(template: Template | undefined): void {
  if (template) process.env[TEMPLATE_ENV] = JSON.stringify(template);
  else delete process.env[TEMPLATE_ENV];
}

export interface AppData {
  /** the database's name */
  name: string;
  database: TestDatabase;
  /** a public folder of the app's own (the uploads) */
  publicDir: string;
  secrets: Record<string, string>;
}

/** A database, public folder and secrets for a new app: the template's (copies), if there is one. */
export async function newAppData(client: string, prefix: string): Promise<AppData> {
  const name = uniqueName(prefix);
  const template = currentTemplate(client);
  const database = await createDatabase(client, name, template?.name);
  const publicDir = path.join(appDir, '.tmp', `public-${name}`);
  if (template) fs.cpSync(template.publicDir, publicDir, { recursive: true });
  else fs.mkdirSync(path.join(publicDir, 'uploads'), { recursive: true });
  return { name, database, publicDir, secrets: template?.secrets ?? appSecrets() };
}

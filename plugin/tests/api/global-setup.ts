import { makeTemplate } from '../helpers/template-setup';

/** The database every test file's app boots on a copy of, made once before the first file. */
export default async function globalSetup(): Promise<void> {
  await makeTemplate(process.env.DATABASE_CLIENT ?? 'sqlite');
}

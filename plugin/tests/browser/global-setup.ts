import { makeTemplate } from '../helpers/template-setup';
import { ensureAdminBuild } from './helpers';

/**
 * Before the first test file, outside any test's timeout: builds the admin panel (when out of
 * date) and the database each file's app boots on a copy of.
 */
export default async function globalSetup(): Promise<void> {
  await ensureAdminBuild();
  await makeTemplate('sqlite');
}

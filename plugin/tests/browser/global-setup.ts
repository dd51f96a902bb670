import { ensureAdminBuild } from './helpers';

/** Builds the admin panel (when out of date) before the first test file, outside any test's timeout. */
export default async function globalSetup(): Promise<void> {
  await ensureAdminBuild();
}

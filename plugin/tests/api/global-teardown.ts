import { dropTemplate } from '../helpers/template-setup';

export default async function globalTeardown(): Promise<void> {
  await dropTemplate(process.env.DATABASE_CLIENT ?? 'sqlite');
}

import { z } from 'zod';

/** `POST /cxm/experiments/:documentId/promote`: the key of the winning variant. */
export const promoteSchema = z.object({ variant: z.string().min(1).max(40) }).strict();

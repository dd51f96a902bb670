import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';

/** What the plugin's admin API said was wrong: its message (naming every problem) and the problems by field path. */
export interface ApiProblem {
  message: string;
  /** field path (e.g. `name`, `keyValues.hybrid`) → problem */
  fields: Record<string, string>;
}

interface ErrorBody {
  message?: string;
  details?: { errors?: Array<{ path: string | string[]; message: string }> };
}

/** Reads a FetchError of useFetchClient (or any other error) into a message for the user. */
export function apiProblem(error: unknown): ApiProblem {
  const body = (error as { response?: { data?: { error?: ErrorBody } } }).response?.data?.error;
  const fields = Object.fromEntries(
    (body?.details?.errors ?? []).map((issue) => [
      Array.isArray(issue.path) ? issue.path.join('.') : issue.path,
      issue.message,
    ])
  );
  const message = body?.message ?? (error instanceof Error ? error.message : String(error));
  // some answers name the problems only in their details ("Invalid campaign")
  const named = Object.entries(fields).filter(([, problem]) => !message.includes(problem));
  return {
    message: named.length
      ? `${message}: ${named.map(([path, problem]) => `${path}: ${problem}`).join('; ')}`
      : message,
    fields,
  };
}

/**
 * Runs an admin API call with a notification either way (the API's own message on failure, also
 * handed to `onProblem` for messages beside the fields); `afterSuccess` runs after each call
 * that worked (e.g. to reload). Resolves whether it worked.
 */
export function useApiAction(afterSuccess?: () => void) {
  const { toggleNotification } = useNotification();
  return React.useCallback(
    async (
      action: () => Promise<unknown>,
      success: string,
      onProblem?: (problem: ApiProblem) => void
    ) => {
      try {
        await action();
        toggleNotification({ type: 'success', message: success });
        afterSuccess?.();
        return true;
      } catch (error) {
        const problem = apiProblem(error);
        onProblem?.(problem);
        toggleNotification({ type: 'danger', message: problem.message });
        return false;
      }
    },
    [toggleNotification, afterSuccess]
  );
}

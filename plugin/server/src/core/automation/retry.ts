/** Retries of failed sends: exponential backoff with jitter, capped. Pure module. */

export const MAX_RETRY_DELAY_MS = 86_400_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failures (attempt ≥ 1): `base · 2^(attempt-1)`,
 * capped at a day, scaled by a jitter in [0.5, 1) drawn from `random` (a number in [0, 1)) so
 * that many failures at once do not come back at once.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: number): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + Math.min(Math.max(random, 0), 0.999_999) / 2));
}

/** What a failed send leads to: another attempt later, or the step's failure. */
export function afterFailure(
  attempts: number,
  maxAttempts: number,
  permanent: boolean
): 'retry' | 'failed' {
  return permanent || attempts >= maxAttempts ? 'failed' : 'retry';
}

/** An SMTP reply code of 5xx refuses the message for good; 4xx and network errors may pass later. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500;
}

/** An HTTP status of 4xx (other than 408 and 429) will not change when asked again. */
export function isPermanentHttpFailure(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

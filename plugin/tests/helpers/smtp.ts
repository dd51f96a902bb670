/**
 * A real SMTP server in the test process (smtp-server), every accepted message parsed with
 * mailparser. `reject` decides per message whether to refuse it at the end of DATA (e.g. 451
 * "try again later" or 550 "no such user"), the way a failing mail server answers.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './environment';

export interface SmtpRejection {
  code: number;
  message: string;
}

export interface TestSmtp {
  port: number;
  messages: ParsedMail[];
  /** attempts the server saw, accepted or not */
  attempts: number;
  /** refuse the next messages: called once per message with its attempt number (1-based) */
  reject: ((attempt: number, mail: ParsedMail) => SmtpRejection | null) | null;
  /** resolves once `count` messages were accepted (rejects after `timeoutMs`) */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** `delayMs`: how long the server takes to answer each message (a slow server, to catch sends in flight). */
export async function startSmtp(options: { delayMs?: number } = {}): Promise<TestSmtp> {
  const port = await freePort();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const smtp: TestSmtp = {
    port,
    messages: [],
    attempts: 0,
    reject: null,
    waitFor(count, timeoutMs = 30_000) {
      if (smtp.messages.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${smtp.messages.length} of ${count} messages arrived`)),
          timeoutMs
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // the mail transport keeps pooled connections open: do not wait for them on stop
    closeTimeout: 200,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          smtp.attempts += 1;
          const rejection = smtp.reject?.(smtp.attempts, mail) ?? null;
          if (rejection) {
            const error = new Error(rejection.message) as Error & { responseCode?: number };
            error.responseCode = rejection.code;
            return callback(error);
          }
          smtp.messages.push(mail);
          for (const waiter of [...waiters])
            if (smtp.messages.length >= waiter.count) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve();
            }
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return smtp;
}

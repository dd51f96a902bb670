/**
 * E-mail templates: plain text or HTML with `{{token}}` placeholders, `{{token|fallback}}` for a
 * value that may be missing. Tokens: firstName, lastName, email, persona (its name), topInterest
 * (the name of the contact's strongest profile key), unsubscribe (the unsubscribe URL) and
 * `link:<http(s) URL>`, a tracked link to any page. Unknown tokens are refused when the flow is
 * saved; in HTML every value is escaped. Pure module.
 */
import type { RuleIssue } from '../rules';

export const VALUE_TOKENS = ['firstName', 'lastName', 'email', 'persona', 'topInterest'] as const;
export type ValueToken = (typeof VALUE_TOKENS)[number];
export type TemplateKind = 'text' | 'html';

const TOKEN = /\{\{\s*([^{}|]+?)\s*(?:\|([^{}]*))?\}\}/g;
const MAX_TEMPLATE_LENGTH = 100_000;

export interface TemplateValues {
  values: Partial<Record<ValueToken, string | null>>;
  /** the tracked URL standing in for a target URL */
  link(url: string): string;
  unsubscribe: string;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The target URLs of the `{{link:…}}` tokens, in order of appearance, each once. */
export function linkTargets(template: string): string[] {
  const targets = new Set<string>();
  for (const match of template.matchAll(TOKEN)) {
    if (match[1].startsWith('link:')) targets.add(match[1].slice(5).trim());
  }
  return [...targets];
}

export function validateTemplate(template: string, kind: TemplateKind): RuleIssue[] {
  if (template.length > MAX_TEMPLATE_LENGTH)
    return [{ path: '', message: `at most ${MAX_TEMPLATE_LENGTH} characters` }];
  const issues: RuleIssue[] = [];
  for (const match of template.matchAll(TOKEN)) {
    const name = match[1];
    if (name.startsWith('link:')) {
      const url = name.slice(5).trim();
      if (!isHttpUrl(url))
        issues.push({ path: '', message: `{{${name}}}: a link needs an http(s) URL` });
    } else if (name !== 'unsubscribe' && !(VALUE_TOKENS as readonly string[]).includes(name)) {
      issues.push({
        path: '',
        message: `unknown token {{${name}}}; use ${[...VALUE_TOKENS, 'unsubscribe', 'link:<url>'].join(', ')}`,
      });
    }
  }
  const unclosed = template.replace(TOKEN, '').indexOf('{{');
  if (unclosed >= 0) issues.push({ path: '', message: `'{{' without a matching '}}'` });
  if (kind === 'html' && issues.length === 0 && !/\S/.test(template))
    issues.push({ path: '', message: 'the HTML part is empty' });
  return issues;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** The template with every token replaced; a missing value becomes its fallback (or nothing). */
export function renderTemplate(
  template: string,
  kind: TemplateKind,
  input: TemplateValues
): string {
  return template.replace(TOKEN, (_whole, name: string, fallback: string | undefined) => {
    let value: string;
    if (name.startsWith('link:')) value = input.link(name.slice(5).trim());
    else if (name === 'unsubscribe') value = input.unsubscribe;
    else value = input.values[name as ValueToken] || (fallback ?? '').trim();
    return kind === 'html' ? escapeHtml(value) : value;
  });
}

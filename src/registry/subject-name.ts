// Which subject names Confluent accepts (QualifiedSubject.isValidSubject): no control characters, not reserved.
import { invalidSubject } from '../core/errors.ts';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const RESERVED = new Set(['__GLOBAL', '__EMPTY']);

export function checkSubject(subject: string): string {
  if (subject.length === 0 || CONTROL.test(subject) || RESERVED.has(subject)) throw invalidSubject(subject);
  return subject;
}

/** Whether a subject name is the default context itself (Confluent's QualifiedSubject.isDefaultContext: context "."
 *  and an empty subject, written `:.:` or `:.`). Confluent's config and mode resources treat it as the global scope. */
export const isDefaultContext = (subject: string): boolean => subject === ':.:' || subject === ':.';

/** The settings scope a /config/{s} or /mode/{s} path names: null (global) for the default context. */
export const settingsScope = (subject: string | null): string | null => (subject !== null && isDefaultContext(subject) ? null : subject);

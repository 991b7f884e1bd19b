// Which subject names Confluent accepts (QualifiedSubject.isValidSubject): no control characters, not reserved.
import { invalidSubject } from '../core/errors.ts';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const RESERVED = new Set(['__GLOBAL', '__EMPTY']);

export function checkSubject(subject: string): string {
  if (subject.length === 0 || CONTROL.test(subject) || RESERVED.has(subject)) throw invalidSubject(subject);
  return subject;
}

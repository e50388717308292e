import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '@carecircle/core';

/**
 * Password rules (NIST SP 800-63B §3.1.1.2, OWASP ASVS 2.1): 12 to 128 characters, any
 * characters, no composition rules; refused when it is a known common or breached password or
 * holds the person's own name or e-mail address.
 *
 * The list is the 49,000-odd most common passwords from breach corpora that ships with
 * `@zxcvbn-ts/language-common` (`dictionary['passwords-common']`, MIT, the list zxcvbn-ts uses).
 * It is loaded into a Set once, on first use, so each check is O(1).
 */
let commonPasswords: Set<string> | undefined;
function isCommon(candidate: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords.has(candidate);
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export type PasswordProblem =
  | 'password-too-short'
  | 'password-too-long'
  | 'password-too-common'
  | 'password-repetitive'
  | 'password-personal';

export const passwordMessages: Record<PasswordProblem, string> = {
  'password-too-short': `Use at least ${PASSWORD_MIN} characters. A short sentence is easy to remember.`,
  'password-too-long': `Use at most ${PASSWORD_MAX} characters.`,
  'password-too-common': 'This password is too common. Try a longer phrase.',
  'password-repetitive': 'This password repeats the same few characters. Try a longer phrase.',
  'password-personal': 'Do not use your name or e-mail address in your password.',
};

const normalize = (s: string) => s.normalize('NFKC').toLowerCase();
/** Lower case with spaces and common separators removed: "Pass word-1" → "password1". */
const squash = (s: string) => normalize(s).replace(/[\s._\-+]/g, '');

/** Personal words at least this long count; shorter ones (e.g. "Jo") would refuse too much. */
const MIN_PERSONAL = 4;

function personalWords(person: { email?: string; name?: string }): string[] {
  const words: string[] = [];
  const local = person.email?.split('@')[0]?.split('+')[0];
  if (local) words.push(squash(local));
  if (person.name) {
    words.push(squash(person.name));
    words.push(...normalize(person.name).split(/[^\p{L}\p{N}]+/u));
  }
  return words.filter((w) => w.length >= MIN_PERSONAL);
}

/**
 * Checks a password against the policy. Returns the problem, or undefined when it is fine.
 * `person` gives the e-mail address and name the password must not contain.
 */
export function checkPassword(
  password: string,
  person: { email?: string; name?: string } = {},
): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'password-too-short';
  if (length > PASSWORD_MAX) return 'password-too-long';
  const lower = normalize(password);
  const squashed = squash(password);
  // "Password1234!" is "password" with digits and symbols around it: still common.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (isCommon(lower) || isCommon(squashed) || (core.length > 0 && isCommon(core))) {
    return 'password-too-common';
  }
  if (new Set(squashed).size < 4) return 'password-repetitive';
  if (personalWords(person).some((w) => squashed.includes(w))) return 'password-personal';
  return undefined;
}

/** The policy as field errors at `path` (e.g. `body.password`), empty when the password is fine. */
export function passwordFieldErrors(
  path: string,
  password: string,
  person: { email?: string; name?: string },
): FieldError[] {
  const problem = checkPassword(password, person);
  return problem ? [{ path, message: passwordMessages[problem], code: problem }] : [];
}

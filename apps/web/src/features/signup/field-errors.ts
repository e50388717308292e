import type { TFunction } from 'i18next';
import { ApiError } from '@carecircle/client';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Translated messages for the error codes the server sends; other errors keep its words. */
function translate(t: TFunction<['common', 'web']>, field: string, code: string | undefined) {
  switch (code) {
    case 'password-too-common':
      return t('web:account.errors.passwordTooCommon');
    case 'password-repetitive':
      return t('web:account.errors.passwordRepetitive');
    case 'password-personal':
      return t('web:account.errors.passwordPersonal');
    case 'password-too-short':
      return t('web:account.errors.passwordTooShort');
    case 'password-too-long':
      return t('web:account.errors.passwordTooLong');
  }
  if (field === 'password' && code === 'too_small') return t('web:account.errors.passwordTooShort');
  if (field === 'password' && code === 'too_big') return t('web:account.errors.passwordTooLong');
  if (field === 'email') return t('web:account.errors.emailInvalid');
  if (field === 'name' && code === 'too_small') return t('web:account.errors.nameRequired');
  if (field === 'roles' && code === 'too_small') return t('web:account.errors.rolesRequired');
  return undefined;
}

/**
 * Turns a 400 problem's `errors` (paths like `body.email` or `body.roles.1`) into one message
 * per form field, in the page's language. Fields not in `fields` are left out.
 */
export function fieldErrorsFrom<F extends string>(
  error: unknown,
  fields: readonly F[],
  t: TFunction<['common', 'web']>,
): FieldErrors<F> {
  const out: FieldErrors<F> = {};
  if (!(error instanceof ApiError) || !error.problem.errors) return out;
  for (const e of error.problem.errors) {
    const field = e.path.split('.')[1] as F | undefined;
    if (!field || !fields.includes(field) || out[field]) continue;
    out[field] = translate(t, field, e.code) ?? e.message;
  }
  return out;
}

/** Moves focus to the first field (in form order) that has an error. */
export function focusFirstError<F extends string>(
  errors: FieldErrors<F>,
  order: readonly F[],
  idOf: (field: F) => string,
): void {
  const first = order.find((f) => errors[f]);
  if (first) document.getElementById(idOf(first))?.focus();
}

export function isProblem(error: unknown, type: string): error is ApiError {
  return error instanceof ApiError && error.problem.type.endsWith(`/${type}`);
}

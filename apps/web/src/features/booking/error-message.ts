import type { TFunction } from 'i18next';
import { ApiError } from '@carecircle/client';

/** What to tell someone about a failed call: the server's words, or "check your connection". */
export function errorMessage(error: unknown, t: TFunction<['common', 'web']>): string {
  if (error instanceof ApiError) return error.status === 0 ? t('common.offline') : error.message;
  return t('common.error');
}

import type { TFunction } from 'i18next';
import { GrantScope } from '@carecircle/core';

export const grantScopes: readonly GrantScope[] = GrantScope.options;

/** Scope keys in the `sharing.scopes` block (i18next keys cannot hold ':'). */
const scopeKey = {
  'appointments:read': 'appointmentsRead',
  'appointments:manage': 'appointmentsManage',
  'records:read': 'recordsRead',
  'medications:read': 'medicationsRead',
  'medications:manage': 'medicationsManage',
  'messages:providers': 'messagesProviders',
} as const satisfies Record<GrantScope, string>;

/** A scope in plain words, e.g. "see appointments". */
export function scopeLabel(t: TFunction<['common', 'web']>, scope: GrantScope): string {
  return t(`web:sharing.scopes.${scopeKey[scope]}`);
}

/** "appointments, medicines" — the short summary of what is shared. */
export function scopesSummary(t: TFunction<['common', 'web']>, scopes: readonly GrantScope[]) {
  return scopes.map((s) => scopeLabel(t, s)).join(', ');
}

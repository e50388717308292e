import { z } from 'zod';

/**
 * The permission vocabulary: what someone may do with whose data. `access/` on the server is
 * the one place that decides who may do each; everything else only names them.
 */
export const AccessAction = z
  .enum([
    'appointments:read',
    'appointments:manage',
    'records:read',
    'records:write',
    'medications:read',
    /** Plan medication schedules and answer doses (taken / skipped / snoozed). */
    'medications:manage',
    'messages:providers',
    'grants:manage',
    'audit:read-own',
    'accounts:admin',
    /** Set up one's own practice (profile, appointment types, availability): verified providers. */
    'practice:manage',
  ])
  .meta({ id: 'AccessAction' });
export type AccessAction = z.infer<typeof AccessAction>;

/**
 * What a patient can let a caregiver do for them (a proxy grant's scopes). Each scope is also the
 * action it allows; `appointments:manage` includes seeing appointments.
 */
export const GrantScope = z
  .enum([
    'appointments:read',
    'appointments:manage',
    'records:read',
    'medications:read',
    'medications:manage',
    'messages:providers',
  ])
  .meta({ id: 'GrantScope' });
export type GrantScope = z.infer<typeof GrantScope>;

/** The actions each grant scope allows. */
export const grantScopeActions: Record<GrantScope, readonly AccessAction[]> = {
  'appointments:read': ['appointments:read'],
  'appointments:manage': ['appointments:read', 'appointments:manage'],
  'records:read': ['records:read'],
  'medications:read': ['medications:read'],
  'medications:manage': ['medications:read', 'medications:manage'],
  'messages:providers': ['messages:providers'],
};

/**
 * Request header naming the patient a caregiver acts for (their account id). Endpoints about a
 * patient's data work on that patient's data when the caller holds a grant; endpoints about the
 * signed-in person themselves (me, whom I act for, invitations) ignore it.
 */
export const ACTING_FOR_HEADER = 'X-Acting-For';

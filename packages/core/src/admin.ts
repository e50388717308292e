import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { Role } from './roles.ts';

export const AccountStatus = z.enum(['pending', 'active', 'disabled']);
export type AccountStatus = z.infer<typeof AccountStatus>;

/**
 * An account as an admin sees it: who the person is and the state of the account, never their
 * health data. Providers add the public part of their profile (what an admin checks).
 */
export const AdminAccount = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    roles: z.array(Role),
    status: AccountStatus,
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    provider: z
      .object({ specialty: z.string(), locationName: z.string() })
      .nullable()
      .describe('The public provider profile, when the person is a provider.'),
  })
  .meta({ id: 'AdminAccount' });
export type AdminAccount = z.infer<typeof AdminAccount>;

export const AdminAccountListQuery = z
  .object({
    status: AccountStatus.optional(),
    role: Role.optional(),
    q: z.string().trim().max(100).optional().describe('Part of the name or e-mail address.'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .meta({ id: 'AdminAccountListQuery' });
export type AdminAccountListQuery = z.input<typeof AdminAccountListQuery>;

export const AdminAccountList = z
  .object({ items: z.array(AdminAccount), total: z.number().int() })
  .meta({ id: 'AdminAccountList' });
export type AdminAccountList = z.infer<typeof AdminAccountList>;

export const AdminAccountParams = z.object({ accountId: z.uuid() });

export const SuspendAccountInput = z
  .object({
    reason: z.string().trim().max(500).optional().describe('Why, for the audit log.'),
  })
  .meta({ id: 'SuspendAccountInput' });
export type SuspendAccountInput = z.input<typeof SuspendAccountInput>;

export const listAdminAccountsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/admin/accounts',
  operationId: 'listAdminAccounts',
  summary: 'Find accounts by status, role, name or e-mail (admins)',
  tags: ['admin'],
  query: AdminAccountListQuery,
  status: 200,
  response: AdminAccountList,
  auth: true,
});

export const verifyProviderEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/accounts/:accountId/verify',
  operationId: 'verifyProvider',
  summary: 'Verify a pending provider: the account becomes active and the provider is told',
  tags: ['admin'],
  params: AdminAccountParams,
  status: 200,
  response: AdminAccount,
  auth: true,
});

export const suspendAccountEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/accounts/:accountId/suspend',
  operationId: 'suspendAccount',
  summary: 'Suspend an account: it is disabled and every session of the person ends at once',
  tags: ['admin'],
  params: AdminAccountParams,
  body: SuspendAccountInput.optional(),
  status: 200,
  response: AdminAccount,
  auth: true,
});

export const reinstateAccountEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/admin/accounts/:accountId/reinstate',
  operationId: 'reinstateAccount',
  summary: 'Reinstate a suspended account',
  tags: ['admin'],
  params: AdminAccountParams,
  status: 200,
  response: AdminAccount,
  auth: true,
});

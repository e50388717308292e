import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { NoContent } from './sign-up.ts';

/** A place where the person is signed in: one app on one device (an OAuth grant). */
export const SignedInSession = z
  .object({
    id: z.string().min(1).describe('Identifies the sign-in; use it to end it.'),
    clientId: z.string(),
    clientName: z.string(),
    signedInAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    current: z.boolean().describe('The sign-in this request was made with.'),
  })
  .meta({ id: 'SignedInSession' });
export type SignedInSession = z.infer<typeof SignedInSession>;

export const SignedInSessionList = z
  .object({ items: z.array(SignedInSession) })
  .meta({ id: 'SignedInSessionList' });
export type SignedInSessionList = z.infer<typeof SignedInSessionList>;

export const RevokedSessions = z
  .object({ revoked: z.number().int() })
  .meta({ id: 'RevokedSessions' });
export type RevokedSessions = z.infer<typeof RevokedSessions>;

export const listMySessionsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/me/sessions',
  operationId: 'listMySessions',
  summary: 'Where the signed-in person is signed in',
  tags: ['identity'],
  status: 200,
  response: SignedInSessionList,
  auth: true,
});

export const revokeMySessionEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/me/sessions/:sessionId',
  operationId: 'revokeMySession',
  summary: 'Sign out one device or app: its refresh tokens stop working at once',
  tags: ['identity'],
  params: z.object({ sessionId: z.string().min(1).max(200) }),
  status: 204,
  response: NoContent,
  auth: true,
});

export const revokeOtherSessionsEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/me/sessions/revoke-others',
  operationId: 'revokeOtherSessions',
  summary: 'Sign out everywhere except here',
  tags: ['identity'],
  status: 200,
  response: RevokedSessions,
  auth: true,
});

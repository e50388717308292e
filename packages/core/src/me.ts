import { z } from 'zod';
import { Account } from './accounts.ts';
import { defineEndpoint } from './endpoint.ts';

export const Me = Account.extend({
  emailVerified: z.boolean(),
}).meta({ id: 'Me', description: 'The signed-in person.' });
export type Me = z.infer<typeof Me>;

export const meEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/me',
  operationId: 'getMe',
  summary: 'The signed-in person',
  tags: ['identity'],
  status: 200,
  response: Me,
  auth: true,
});

import { z } from 'zod';
import { Account } from './accounts.ts';
import { defineEndpoint } from './endpoint.ts';
import { Locale, TimeZone } from './roles.ts';

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

/**
 * What a person changes about themselves: the language of e-mails, push and reminders, and the
 * time zone that reminders, medicine times and quiet hours are in.
 */
export const UpdateMeInput = z
  .object({ locale: Locale.optional(), timeZone: TimeZone.optional() })
  .refine((v) => v.locale !== undefined || v.timeZone !== undefined, {
    message: 'Send locale, timeZone or both',
  })
  .meta({ id: 'UpdateMeInput' });
export type UpdateMeInput = z.infer<typeof UpdateMeInput>;

export const updateMeEndpoint = defineEndpoint({
  method: 'patch',
  path: '/api/v1/me',
  operationId: 'updateMe',
  summary: 'Change my language (e-mails, reminders) or time zone',
  tags: ['identity'],
  body: UpdateMeInput,
  status: 200,
  response: Me,
  auth: true,
});

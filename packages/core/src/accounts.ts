import { z } from 'zod';
import { Locale, Role, TimeZone } from './roles.ts';

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Must be an e-mail address such as name@example.org' }));

export const Password = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(128, 'Use at most 128 characters');

export const AccountCreateInput = z
  .object({
    email: Email,
    password: Password,
    name: z.string().trim().min(1, 'Enter your name').max(200),
    roles: z.array(Role).min(1, 'Pick at least one role'),
    locale: Locale.default('en'),
    timeZone: TimeZone.default('UTC'),
  })
  .meta({ id: 'AccountCreateInput' });
export type AccountCreateInput = z.input<typeof AccountCreateInput>;

export const Account = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    roles: z.array(Role),
    status: z.enum(['active', 'pending', 'disabled']),
    locale: Locale,
    timeZone: z.string(),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

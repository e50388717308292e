import { z } from 'zod';

/** `auditor` may search the whole audit log (an admin may hold it too; made by an operator). */
export const Role = z.enum(['patient', 'caregiver', 'provider', 'volunteer', 'admin', 'auditor']);
export type Role = z.infer<typeof Role>;

export const Locale = z.enum(['en', 'es']);
export type Locale = z.infer<typeof Locale>;

/** IANA time zone name such as `America/New_York`. */
export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Must be an IANA time zone such as America/New_York' },
);

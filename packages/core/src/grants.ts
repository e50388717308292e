import { z } from 'zod';
import { Email } from './accounts.ts';
import { GrantScope } from './access.ts';
import { defineEndpoint } from './endpoint.ts';
import { NoContent } from './sign-up.ts';

const Scopes = z
  .array(GrantScope)
  .min(1, 'Pick at least one thing to share')
  .transform((scopes) => [...new Set(scopes)]);

const EndsAt = z.iso
  .datetime({ offset: true, message: 'Must be a date and time such as 2027-01-31T23:59:59Z' })
  .nullable();

/** A patient invites a caregiver by e-mail address. */
export const GrantInviteInput = z
  .object({
    email: Email,
    scopes: Scopes,
    /** When the grant stops working on its own; null or left out: until revoked. */
    endsAt: EndsAt.optional(),
  })
  .meta({ id: 'GrantInviteInput' });
export type GrantInviteInput = z.input<typeof GrantInviteInput>;

/** A patient changes what a caregiver may do, or until when. */
export const GrantUpdateInput = z
  .object({
    scopes: Scopes.optional(),
    endsAt: EndsAt.optional(),
  })
  .refine((v) => v.scopes !== undefined || v.endsAt !== undefined, {
    message: 'Change the scopes, the end date or both',
  })
  .meta({ id: 'GrantUpdateInput' });
export type GrantUpdateInput = z.input<typeof GrantUpdateInput>;

export const GrantStatus = z.enum(['pending', 'active', 'expired', 'revoked', 'left']);
export type GrantStatus = z.infer<typeof GrantStatus>;

const PersonRef = z.object({ id: z.uuid(), name: z.string() });

/** A grant as the patient who gave it sees it. */
export const Grant = z
  .object({
    id: z.uuid(),
    status: GrantStatus,
    scopes: z.array(GrantScope),
    endsAt: z.string().nullable(),
    /** The address the invitation went to. */
    inviteeEmail: z.string(),
    /** Who accepted; null while the invitation is open. */
    caregiver: PersonRef.nullable(),
    createdAt: z.string(),
    acceptedAt: z.string().nullable(),
    /** Until when the invitation link works (pending grants only). */
    invitationExpiresAt: z.string().nullable(),
  })
  .meta({ id: 'Grant', description: 'A caregiver proxy grant, as the patient sees it.' });
export type Grant = z.infer<typeof Grant>;

/** Someone a caregiver may act for, and what they may do. */
export const ActingForGrant = z
  .object({
    grantId: z.uuid(),
    patient: PersonRef,
    scopes: z.array(GrantScope),
    endsAt: z.string().nullable(),
  })
  .meta({ id: 'ActingForGrant', description: 'A patient the caregiver may act for.' });
export type ActingForGrant = z.infer<typeof ActingForGrant>;

export const InvitationTokenInput = z
  .object({ token: z.string().min(20).max(200) })
  .meta({ id: 'InvitationTokenInput' });
export type InvitationTokenInput = z.input<typeof InvitationTokenInput>;

/** What an invitation offers, shown before accepting. */
export const InvitationPreview = z
  .object({
    patient: z.object({ name: z.string() }),
    scopes: z.array(GrantScope),
    endsAt: z.string().nullable(),
    expiresAt: z.string(),
    /** The invitation was sent to the signed-in person's address (only they can accept it). */
    forThisAccount: z.boolean(),
  })
  .meta({ id: 'InvitationPreview' });
export type InvitationPreview = z.infer<typeof InvitationPreview>;

const GrantParams = z.object({ grantId: z.uuid() });

export const listGrantsEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/grants',
  operationId: 'listGrants',
  summary: 'The people I share my data with, and open invitations',
  tags: ['access'],
  status: 200,
  response: z.object({ items: z.array(Grant) }),
  auth: true,
});

export const inviteCaregiverEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/grants',
  operationId: 'inviteCaregiver',
  summary: 'Invite a caregiver by e-mail to act for me within the chosen scopes',
  tags: ['access'],
  body: GrantInviteInput,
  status: 201,
  response: Grant,
  auth: true,
});

export const updateGrantEndpoint = defineEndpoint({
  method: 'patch',
  path: '/api/v1/grants/:grantId',
  operationId: 'updateGrant',
  summary: 'Change what a caregiver may do, or until when',
  tags: ['access'],
  params: GrantParams,
  body: GrantUpdateInput,
  status: 200,
  response: Grant,
  auth: true,
});

export const revokeGrantEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/grants/:grantId',
  operationId: 'revokeGrant',
  summary: 'Stop sharing with a caregiver (or cancel an invitation), effective immediately',
  tags: ['access'],
  params: GrantParams,
  status: 204,
  response: NoContent,
  auth: true,
});

export const listActingForEndpoint = defineEndpoint({
  method: 'get',
  path: '/api/v1/grants/acting-for',
  operationId: 'listActingFor',
  summary: 'The patients I may act for as a caregiver',
  tags: ['access'],
  status: 200,
  response: z.object({ items: z.array(ActingForGrant) }),
  auth: true,
});

export const leaveGrantEndpoint = defineEndpoint({
  method: 'delete',
  path: '/api/v1/grants/acting-for/:grantId',
  operationId: 'leaveGrant',
  summary: 'Stop acting for a patient (the caregiver gives the grant back)',
  tags: ['access'],
  params: GrantParams,
  status: 204,
  response: NoContent,
  auth: true,
});

export const previewInvitationEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/grants/invitations/preview',
  operationId: 'previewInvitation',
  summary: 'What an invitation offers (the token stays out of the URL)',
  tags: ['access'],
  body: InvitationTokenInput,
  status: 200,
  response: InvitationPreview,
  auth: true,
});

export const acceptInvitationEndpoint = defineEndpoint({
  method: 'post',
  path: '/api/v1/grants/invitations/accept',
  operationId: 'acceptInvitation',
  summary: 'Accept an invitation with the single-use token from the e-mailed link',
  tags: ['access'],
  body: InvitationTokenInput,
  status: 200,
  response: ActingForGrant,
  auth: true,
});

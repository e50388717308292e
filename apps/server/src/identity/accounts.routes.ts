import type { Router } from 'express';
import {
  confirmPasswordResetEndpoint,
  requestPasswordResetEndpoint,
  signUpEndpoint,
  verifyEmailEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { route } from '../platform/route.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.ts';
import { signUp, verifyEmail } from './sign-up.service.ts';

export function accountRoutes(router: Router, deps: AppDeps): void {
  route(router, signUpEndpoint, ({ body, req }) =>
    signUp(deps, body, { ip: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
  );

  route(router, verifyEmailEndpoint, async ({ body }) => {
    await verifyEmail(deps, body.token);
    return undefined;
  });

  route(router, requestPasswordResetEndpoint, ({ body, ctx }) => {
    // Answer at once, whatever happens next: the response never depends on the account.
    void requestPasswordReset(deps, body.email).catch((err: unknown) => {
      ctx.logger.error(
        { err: { name: (err as Error).name, code: (err as { code?: string }).code } },
        'password reset e-mail failed',
      );
    });
    return undefined;
  });

  route(router, confirmPasswordResetEndpoint, async ({ body }) => {
    await confirmPasswordReset(deps, body);
    return undefined;
  });
}

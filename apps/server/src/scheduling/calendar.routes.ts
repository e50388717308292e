import express, { type Request, type Response, type Router } from 'express';
import {
  AppointmentParams,
  getCalendarFeedEndpoint,
  rotateCalendarFeedEndpoint,
} from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { fieldErrors, unauthorized, validationFailed } from '../platform/errors.ts';
import { currentContext } from '../platform/request-context.ts';
import { route } from '../platform/route.ts';
import {
  appointmentIcs,
  getCalendarFeed,
  renderCalendarFeed,
  rotateCalendarFeed,
} from './calendar.service.ts';

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** The signed-in person's feed address and the .ics download of one appointment (under /api). */
export function calendarRoutes(router: Router, deps: AppDeps): void {
  const { db } = deps.database;
  const { config } = deps;

  route(router, getCalendarFeedEndpoint, ({ ctx }) => getCalendarFeed(db, config, ctx.actor!));
  route(router, rotateCalendarFeedEndpoint, ({ ctx }) =>
    rotateCalendarFeed(db, config, ctx.actor!),
  );

  // Not JSON, so outside the contract's route(): the same 401-before-400 order by hand.
  router.get(
    '/api/v1/appointments/:appointmentId/calendar.ics',
    async (req: Request, res: Response) => {
      const actor = currentContext()?.actor;
      if (!actor) {
        throw unauthorized('Please sign in to continue.', {
          'WWW-Authenticate': 'Bearer realm="carecircle"',
        });
      }
      const params = AppointmentParams.safeParse(req.params);
      if (!params.success) throw validationFailed(fieldErrors('params', params.error));
      const body = await appointmentIcs(db, config, actor, params.data.appointmentId);
      res
        .status(200)
        .type(CALENDAR_TYPE)
        .setHeader('Content-Disposition', 'attachment; filename="appointment.ics"')
        .send(body);
    },
  );
}

/**
 * The private subscription feed, outside /api: calendar apps fetch it without signing in; the
 * secret token in the address is the credential. Register it before the web app, whose
 * fallback would otherwise answer with index.html.
 */
export function calendarFeedRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.get('/calendar/:token.ics', async (req: Request, res: Response) => {
    const body = await renderCalendarFeed(
      deps.database.db,
      deps.config,
      String(req.params.token ?? ''),
    );
    res
      .status(200)
      .type(CALENDAR_TYPE)
      .setHeader('Cache-Control', 'private, max-age=300')
      .setHeader('X-Robots-Tag', 'noindex')
      .send(body);
  });
  return router;
}

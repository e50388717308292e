import { getWeeklyHours } from '../scheduling/providers.service.ts';
import { getCalendarFeed } from '../scheduling/calendar.service.ts';
import {
  type Row,
  SIGNED_IN_ONLY,
  appointmentOfAForCalendar,
  isProvider,
  ownTypeOrUnknown,
  ownTimeOffOrUnknown,
  publicAppointmentType,
  PROVIDERS_ONLY,
  practiceForBooking,
  newTypeOf,
  nextSlot,
  appointmentOfA,
  waitlistEntryOfA,
  waitlistOfferOfA,
  A_MANAGES,
} from './authorization-matrix.world.ts';

/** Matrix rows: calendar, provider search and slots, practice, appointments, waitlist. */
export const schedulingRows: Row[] = [
  // Calendar: everyone has their own feed address; an appointment's .ics is readable by whoever
  // may read the appointment (404 for the others).
  {
    route: 'GET /api/v1/calendar-feed',
    request: () => ({ path: '/api/v1/calendar-feed' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/calendar-feed/rotate',
    request: () => ({ path: '/api/v1/calendar-feed/rotate', body: {} }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/appointments/:appointmentId/calendar.ics',
    request: async (w) => ({
      path: `/api/v1/appointments/${await appointmentOfAForCalendar(w)}/calendar.ics`,
    }),
    status: 404,
    except: {
      anonymous: 401,
      patientA: 200,
      caregiverOfAWithScope: 200,
      providerWithRelationship: 200,
    },
  },
  {
    // The feed itself: the token in the address is the credential; a bearer token plays no part.
    route: 'GET /calendar/:token.ics',
    request: async (w) => {
      const a = w.accounts.patientA!;
      const feed = await getCalendarFeed(w.app.database.db, w.app.config, {
        id: a.id,
        roles: a.roles,
        clientId: 'carecircle-web',
        scopes: [],
      });
      return { path: new URL(feed.httpsUrl).pathname };
    },
    status: 200,
  },
  // Provider search and slots: public.
  {
    route: 'GET /api/v1/providers/:providerId',
    request: async (w) => ({
      path: `/api/v1/providers/${(await publicAppointmentType(w)).providerId}`,
    }),
    status: 200,
  },
  {
    route: 'GET /api/v1/providers/:providerId/slots',
    request: async (w) => {
      const { providerId, typeId } = await publicAppointmentType(w);
      const from = new Date();
      const to = new Date(from.getTime() + 14 * 86_400_000);
      return {
        path: `/api/v1/providers/${providerId}/slots?appointmentTypeId=${typeId}&from=${from.toISOString()}&to=${to.toISOString()}`,
      };
    },
    status: 200,
  },
  {
    route: 'GET /api/v1/first-available',
    request: () => ({ path: '/api/v1/first-available?limit=5' }),
    status: 200,
  },
  // The signed-in provider's own practice: verified providers only.
  {
    route: 'GET /api/v1/practice/profile',
    request: () => ({ path: '/api/v1/practice/profile' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    // The same profile the factory gave them, so nothing changes for other rows.
    route: 'PUT /api/v1/practice/profile',
    request: () => ({
      path: '/api/v1/practice/profile',
      body: {
        specialty: 'Family medicine',
        languages: ['en'],
        modalities: ['in_person'],
        location: { name: 'Test Clinic', address: '1 Test Street', timeZone: 'America/New_York' },
      },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/appointment-types',
    request: () => ({ path: '/api/v1/practice/appointment-types' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'POST /api/v1/practice/appointment-types',
    request: () => ({
      path: '/api/v1/practice/appointment-types',
      body: { name: 'Matrix type', durationMinutes: 20, modality: 'video' },
    }),
    status: 403,
    except: PROVIDERS_ONLY(201),
  },
  {
    route: 'PATCH /api/v1/practice/appointment-types/:appointmentTypeId',
    request: async (w, actor) => ({
      path: `/api/v1/practice/appointment-types/${await ownTypeOrUnknown(w, actor)}`,
      body: { active: false },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/availability',
    request: () => ({ path: '/api/v1/practice/availability' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    // Their current hours again, so nothing changes for other rows.
    route: 'PUT /api/v1/practice/availability/weekly-hours',
    request: async (w, actor) => ({
      path: '/api/v1/practice/availability/weekly-hours',
      body: {
        weeklyHours: isProvider(actor)
          ? await getWeeklyHours(w.app.database.db, w.accounts[actor]!.id)
          : [],
      },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'PUT /api/v1/practice/availability/overrides/:date',
    request: () => ({
      path: '/api/v1/practice/availability/overrides/2099-01-06',
      body: { intervals: [] },
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'DELETE /api/v1/practice/availability/overrides/:date',
    request: () => ({ path: '/api/v1/practice/availability/overrides/2099-01-06' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'POST /api/v1/practice/availability/time-off',
    request: () => ({
      path: '/api/v1/practice/availability/time-off',
      body: { start: '2099-01-07T09:00:00Z', end: '2099-01-07T17:00:00Z' },
    }),
    status: 403,
    except: PROVIDERS_ONLY(201),
  },
  {
    route: 'DELETE /api/v1/practice/availability/time-off/:timeOffId',
    request: async (w, actor) => ({
      path: `/api/v1/practice/availability/time-off/${await ownTimeOffOrUnknown(w, actor)}`,
    }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  {
    route: 'GET /api/v1/practice/patients',
    request: () => ({ path: '/api/v1/practice/patients' }),
    status: 403,
    except: PROVIDERS_ONLY(200),
  },
  // Appointments: patient A's, booked for them by themselves or a caregiver with
  // appointments:manage; readable by those and by a provider with a care relationship.
  {
    route: 'POST /api/v1/appointments',
    request: async (w) => {
      const { providerId, typeId } = await practiceForBooking(w);
      return {
        path: '/api/v1/appointments',
        body: {
          providerId,
          appointmentTypeId: typeId,
          start: nextSlot().start.toISOString(),
          patientId: w.accounts.patientA!.id,
        },
      };
    },
    status: 404,
    except: A_MANAGES(201),
  },
  {
    // Everyone lists what they may see (their own, possibly nothing).
    route: 'GET /api/v1/appointments',
    request: () => ({ path: '/api/v1/appointments' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/appointments/:appointmentId',
    request: async (w) => ({ path: `/api/v1/appointments/${(await appointmentOfA(w)).id}` }),
    status: 404,
    except: { ...A_MANAGES(200), providerWithRelationship: 200 },
  },
  {
    route: 'POST /api/v1/appointments/:appointmentId/reschedule',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/reschedule`,
      body: { start: nextSlot().start.toISOString() },
    }),
    status: 404,
    except: A_MANAGES(200),
  },
  {
    route: 'POST /api/v1/appointments/:appointmentId/cancel',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/cancel`,
      body: { reason: 'Matrix test' },
    }),
    status: 404,
    except: A_MANAGES(200),
  },
  {
    // Only the appointment's own provider (none of these actors) records it; those who may
    // read it get 403, the others 404.
    route: 'POST /api/v1/appointments/:appointmentId/status',
    request: async (w) => ({
      path: `/api/v1/appointments/${(await appointmentOfA(w)).id}/status`,
      body: { status: 'checked_in' },
    }),
    status: 404,
    except: { ...A_MANAGES(403), providerWithRelationship: 403 },
  },
  // Waitlist: like booking.
  {
    route: 'POST /api/v1/waitlist',
    request: async (w) => {
      const { providerId } = await practiceForBooking(w);
      return {
        path: '/api/v1/waitlist',
        body: {
          providerId,
          appointmentTypeId: await newTypeOf(w, providerId),
          earliest: new Date().toISOString().slice(0, 10),
          latest: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
          patientId: w.accounts.patientA!.id,
        },
      };
    },
    status: 404,
    except: A_MANAGES(201),
  },
  {
    route: 'GET /api/v1/waitlist',
    request: () => ({ path: '/api/v1/waitlist' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/waitlist/:entryId',
    request: async (w) => ({ path: `/api/v1/waitlist/${await waitlistEntryOfA(w)}` }),
    status: 404,
    except: A_MANAGES(204),
  },
  {
    route: 'POST /api/v1/waitlist/offers/:offerId/accept',
    request: async (w) => ({
      path: `/api/v1/waitlist/offers/${await waitlistOfferOfA(w)}/accept`,
      body: {},
    }),
    status: 404,
    except: A_MANAGES(201),
  },
  {
    route: 'POST /api/v1/waitlist/offers/:offerId/decline',
    request: async (w) => ({
      path: `/api/v1/waitlist/offers/${await waitlistOfferOfA(w)}/decline`,
      body: {},
    }),
    status: 404,
    except: A_MANAGES(204),
  },
];

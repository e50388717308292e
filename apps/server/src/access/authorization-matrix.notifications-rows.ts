import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  SIGNED_IN_ONLY,
  type ActorName,
  type Row,
  type World,
} from './authorization-matrix.world.ts';

/**
 * The authorization matrix rows of the notifications routes (issue 6). Everything here is the
 * signed-in person's own: their notifications, preferences and devices. Someone else's
 * notification or device is 404, never 403 (its existence is not revealed).
 */

/** A fresh notification of patient A (their own centre). */
async function notificationOfA(w: World): Promise<string> {
  const row = await w.app.database.db
    .insertInto('notifications')
    .values({
      id: crypto.randomUUID(),
      recipient_id: w.accounts.patientA!.id,
      kind: 'appointment.booked',
      category: 'appointments',
      patient_id: w.accounts.patientA!.id,
      params: JSON.stringify({ providerName: 'Dr. Matrix' }),
      sealed: null,
      dedupe_key: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A browser's push subscription (a fresh endpoint per request). */
function webSubscription() {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const raw = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(raw.x!, 'base64url'),
    Buffer.from(raw.y!, 'base64url'),
  ]);
  return {
    endpoint: `https://push.example.org/send/${randomBytes(12).toString('hex')}`,
    keys: { p256dh: point.toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

/** A fresh web push device of patient A. */
async function deviceOfA(w: World): Promise<string> {
  const s = webSubscription();
  const row = await w.app.database.db
    .insertInto('web_push_subscriptions')
    .values({
      account_id: w.accounts.patientA!.id,
      endpoint: s.endpoint,
      p256dh: s.keys.p256dh,
      auth: s.keys.auth,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const ONLY_A = (ok: number): Partial<Record<ActorName, number>> => ({
  anonymous: 401,
  patientA: ok,
});

export const notificationsRows: Row[] = [
  {
    route: 'GET /api/v1/notifications',
    request: () => ({ path: '/api/v1/notifications?unread=true&limit=5' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/notifications/unread-count',
    request: () => ({ path: '/api/v1/notifications/unread-count' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/notifications/:notificationId/read',
    request: async (w) => ({ path: `/api/v1/notifications/${await notificationOfA(w)}/read` }),
    status: 404,
    except: ONLY_A(200),
  },
  {
    route: 'POST /api/v1/notifications/read-all',
    request: () => ({ path: '/api/v1/notifications/read-all' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/notification-preferences',
    request: () => ({ path: '/api/v1/notification-preferences' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'PATCH /api/v1/notification-preferences',
    request: () => ({
      path: '/api/v1/notification-preferences',
      body: { channels: { community: { email: false } } },
    }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    // Public: the browser needs it before anyone signs in to subscribe.
    route: 'GET /api/v1/push/web/vapid-key',
    request: () => ({ path: '/api/v1/push/web/vapid-key' }),
    status: 200,
  },
  {
    route: 'POST /api/v1/push/web/subscriptions',
    request: () => ({ path: '/api/v1/push/web/subscriptions', body: webSubscription() }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    // Only one's own subscription is forgotten; another's endpoint is silently left alone.
    route: 'POST /api/v1/push/web/unsubscribe',
    request: () => ({
      path: '/api/v1/push/web/unsubscribe',
      body: { endpoint: webSubscription().endpoint },
    }),
    status: 204,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'POST /api/v1/push/mobile/tokens',
    request: () => ({
      path: '/api/v1/push/mobile/tokens',
      body: {
        token: `ExponentPushToken[${randomBytes(11).toString('hex')}]`,
        platform: 'android',
      },
    }),
    status: 201,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'GET /api/v1/push/devices',
    request: () => ({ path: '/api/v1/push/devices' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
  {
    route: 'DELETE /api/v1/push/devices/:deviceId',
    request: async (w) => ({ path: `/api/v1/push/devices/${await deviceOfA(w)}` }),
    status: 404,
    except: ONLY_A(204),
  },
  // realtime (realtime helper): one's own events only, so every signed-in person gets 200.
  {
    route: 'GET /api/v1/realtime/events',
    request: () => ({ path: '/api/v1/realtime/events?after=0' }),
    status: 200,
    except: SIGNED_IN_ONLY,
  },
];

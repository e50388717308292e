import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local web push service for tests: the edge of the world for web push. It hands out
 * subscriptions (a P-256 key pair and a 16-byte auth secret per "browser", as PushManager
 * would), and for every push it receives it verifies the VAPID header (RFC 8292: an ES256 JWT
 * signed with the key in `k=`, for this origin, not expired) and DECRYPTS the aes128gcm body
 * (RFC 8291 / RFC 8188), proving the message is well formed. Answers 201, or what a test sets
 * for an endpoint (410 Gone for an expired subscription).
 */

export interface ReceivedPush {
  endpoint: string;
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  /** The VAPID JWT's claims (verified). */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
  headers: http.IncomingHttpHeaders;
  /** What the receiver answered. */
  status: number;
}

interface Browser {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** Decrypts an RFC 8291 aes128gcm message for the browser that owns `ecdh` and `auth`. */
export function decryptWebPush(body: Buffer, browser: Browser): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be the 65-byte sender key, got ${idlen} bytes`);
  if (ciphertext.length > rs) throw new Error('more than one record: not expected for a push');
  const uaPublic = browser.ecdh.getPublicKey();
  const ecdhSecret = browser.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // Last record: data || 0x02 || zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('missing the last-record padding delimiter 0x02');
  return padded.subarray(0, end);
}

/** Verifies `Authorization: vapid t=<jwt>, k=<key>`; returns the claims and the key. */
export function verifyVapid(header: string | undefined, origin: string, subject?: string) {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 key');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: b64u(point.subarray(1, 33)),
      y: b64u(point.subarray(33, 65)),
    },
    format: 'jwk',
  });
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header_ = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string };
  if (header_.alg !== 'ES256') throw new Error(`JWT alg ${header_.alg}, expected ES256`);
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('VAPID JWT signature does not verify with k');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud}, expected ${origin}`);
  const now = Math.floor(Date.now() / 1000);
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600))
    throw new Error('exp not within the next 24 h');
  if (subject !== undefined && claims.sub !== subject)
    throw new Error(`sub ${claims.sub}, expected ${subject}`);
  return { ...claims, publicKey: k };
}

export async function startWebPushReceiver(options: { subject?: string } = {}) {
  const browsers = new Map<string, Browser>();
  const statusFor = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const errors: string[] = [];
  let origin = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const endpoint = `${origin}${req.url}`;
      const browser = browsers.get(endpoint);
      try {
        if (req.method !== 'POST') throw new Error(`method ${req.method}`);
        if (!browser) throw new Error('unknown subscription');
        if (req.headers['content-encoding'] !== 'aes128gcm')
          throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        if (!req.headers.ttl) throw new Error('no TTL header');
        const vapid = verifyVapid(req.headers.authorization, origin, options.subject);
        const payload: unknown = JSON.parse(
          decryptWebPush(Buffer.concat(chunks), browser).toString('utf8'),
        );
        const status = statusFor.get(endpoint) ?? 201;
        received.push({ endpoint, payload, vapid, headers: req.headers, status });
        res.writeHead(status).end();
      } catch (err) {
        errors.push((err as Error).message);
        res.writeHead(400).end((err as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    /** Requests it could not verify or decrypt (a test expects none). */
    errors,
    /** A new browser's PushSubscription.toJSON(). */
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/${randomBytes(8).toString('hex')}`;
      browsers.set(endpoint, { ecdh, auth });
      return {
        endpoint,
        expirationTime: null,
        keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) },
      };
    },
    /** Answer pushes to this endpoint with `status` (e.g. 410 Gone). */
    answer(endpoint: string, status: number) {
      statusFor.set(endpoint, status);
    },
    async waitFor(predicate: (p: ReceivedPush) => boolean, ms = 10_000): Promise<ReceivedPush> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (errors.length > 0) throw new Error(`push receiver: ${errors.join('; ')}`);
        if (Date.now() > deadline) throw new Error(`no such push within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

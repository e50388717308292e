import type { Router } from 'express';
import { documentContentEndpoint, RecordEntry, uploadDocumentEndpoint } from '@carecircle/core';
import type { AppDeps } from '../platform/app-deps.ts';
import { notFound } from '../platform/errors.ts';
import { route } from '../platform/route.ts';
import { recordAccess } from './record-access.ts';
import { keyringFor } from './record-keys.ts';
import { documentTypeOf, readDocumentContent, uploadDocument } from './documents.service.ts';

/** A value for `filename*=UTF-8''…` (RFC 5987: percent-encoded, also ' ( ) *). */
const rfc5987 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Documents: upload (the body is the file) and download of their decrypted bytes. */
export function documentRoutes(router: Router, deps: AppDeps): void {
  const db = deps.database.db;
  const store = () => ({ db, keyring: keyringFor(deps.config) });

  route(router, uploadDocumentEndpoint, async ({ query, ctx, req, res }) => {
    const access = await recordAccess(db, ctx.actor!, req, query, 'write');
    const contentType = documentTypeOf(req.get('content-type'));
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const provider =
      access.as.actorId !== access.as.patientId && ctx.actor!.roles.includes('provider');
    const result = await uploadDocument(store(), access.as, {
      title: query.title,
      date: query.date,
      contentType,
      bytes,
      sourceKind: provider ? 'provider' : 'patient',
    });
    if (!result.created) {
      // The same file is already in the record: its entry, nothing stored twice.
      res.status(200).json(RecordEntry.parse(result.entry));
      return result.entry;
    }
    return result.entry;
  });

  route(router, documentContentEndpoint, async ({ params, query, ctx, req, res }) => {
    const access = await recordAccess(db, ctx.actor!, req, query, 'read');
    if (!access.records) throw notFound();
    const doc = await readDocumentContent(store(), access.as, params.documentId.toLowerCase());
    if (!doc) throw notFound('There is no such document in this record.');
    res.status(200);
    res.setHeader(
      'Content-Type',
      doc.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : doc.contentType,
    );
    res.setHeader('Content-Length', String(doc.bytes.length));
    res.setHeader(
      'Content-Disposition',
      `inline; filename="${doc.filename}"; filename*=UTF-8''${rfc5987(doc.title)}`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    res.setHeader('Cache-Control', 'no-store');
    res.end(doc.bytes);
    return undefined;
  });
}

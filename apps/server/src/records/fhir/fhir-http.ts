import type { Response } from 'express';
import type { Resource } from '@medplum/fhirtypes';

/** HTTP details of the FHIR endpoint: its media type, body parsing, and resource headers. */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Sends a FHIR resource (or nothing, for 204) as application/fhir+json. */
export function sendFhir(
  res: Response,
  status: number,
  resource: Resource | undefined,
  headers: Record<string, string> = {},
): void {
  res.status(status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (resource === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', FHIR_JSON);
  res.send(JSON.stringify(resource));
}

/** ETag, Last-Modified and Location-free headers of one version of a resource. */
export function versionHeaders(versionId: number | string, lastUpdated: Date | string) {
  const at = typeof lastUpdated === 'string' ? new Date(lastUpdated) : lastUpdated;
  return { ETag: `W/"${versionId}"`, 'Last-Modified': at.toUTCString() };
}

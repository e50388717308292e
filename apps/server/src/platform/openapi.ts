import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import type { z } from 'zod';
import { Problem, type Endpoint } from '@carecircle/core';

const problemContent = { 'application/problem+json': { schema: Problem } };

/** Builds the OpenAPI 3.1 document from the contract in packages/core. */
export function buildOpenApiDocument(
  endpoints: readonly Endpoint[],
  info: { version: string; serverUrl: string },
) {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of endpoints) {
    const oasPath = e.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation: ZodOpenApiOperationObject = {
      operationId: e.operationId,
      summary: e.summary,
      tags: e.tags,
      requestParams: {
        ...(e.params ? { path: e.params as z.ZodObject } : {}),
        ...(e.query ? { query: e.query as z.ZodObject } : {}),
      },
      ...(e.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: e.body } } } }
        : {}),
      responses: {
        [String(e.status)]: {
          description: 'Success',
          content: { 'application/json': { schema: e.response } },
        },
        ...(e.query || e.body || e.params
          ? {
              '400': {
                description: 'A field is invalid; `errors` lists each one',
                content: problemContent,
              },
            }
          : {}),
        ...(e.auth ? { '401': { description: 'Sign-in required', content: problemContent } } : {}),
        default: { description: 'Error (RFC 9457 problem details)', content: problemContent },
      },
      ...(e.auth ? { security: [{ bearerAuth: [] }] } : {}),
    };
    paths[oasPath] = { ...paths[oasPath], [e.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'CareCircle API',
      version: info.version,
      description:
        'Appointments, health records and social support. Errors are RFC 9457 problem details (application/problem+json) with a stable `type`.',
    },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  });
}

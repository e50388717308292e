import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  rawPath?: unknown;
}

/**
 * Routers mounted at a path (not the root) whose routes are listed too, with the path as prefix:
 * the FHIR endpoint, which authorizes like the API.
 */
const MOUNTED_ROUTERS: readonly string[] = ['/fhir/R4'];

/**
 * Every route registered on the app's own routers (those mounted at the root, which is where the
 * API and the sign-in pages live), read from Express itself. The authorization matrix test uses
 * it so that a route added without a row in the matrix fails the build.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix = '') => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
        }
      } else if (layer.slash && layer.handle?.stack) {
        walk(layer.handle.stack, prefix);
      } else if (
        typeof layer.rawPath === 'string' &&
        MOUNTED_ROUTERS.includes(layer.rawPath) &&
        layer.handle?.stack
      ) {
        walk(layer.handle.stack, `${prefix}${layer.rawPath}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

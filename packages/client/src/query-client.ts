import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';

/** The QueryClient both apps use: no retries on 4xx, a short retry on network or 5xx errors. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
      },
    },
  });
}

import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProviders, type AppDependencies } from './AppProviders.tsx';
import { routes } from './routes.tsx';

export function App({ deps }: { deps: AppDependencies }) {
  const [router] = useState(() => createBrowserRouter(routes));
  useEffect(() => {
    // Sign in again silently after a reload (tokens live in memory only), except on the callback.
    if (window.location.pathname !== '/auth/callback') void deps.session.resume();
  }, [deps.session]);
  return (
    <AppProviders deps={deps}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}

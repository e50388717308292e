import { useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProviders, type AppDependencies } from './AppProviders.tsx';
import { routes } from './routes.tsx';

export function App({ deps }: { deps: AppDependencies }) {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <AppProviders deps={deps}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}

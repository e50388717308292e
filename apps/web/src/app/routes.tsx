import type { RouteObject } from 'react-router';
import { AppointmentsPage } from '../features/appointments/AppointmentsPage.tsx';
import { CommunityPage } from '../features/community/CommunityPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { MessagesPage } from '../features/messages/MessagesPage.tsx';
import { NotFoundPage } from '../features/not-found/NotFoundPage.tsx';
import { ProfilePage } from '../features/profile/ProfilePage.tsx';
import { RecordsPage } from '../features/records/RecordsPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';

/** Every page of the web app. The browser router and the tests' memory router both use these. */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'appointments', element: <AppointmentsPage /> },
      { path: 'records', element: <RecordsPage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'community', element: <CommunityPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

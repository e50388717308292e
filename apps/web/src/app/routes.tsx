import type { RouteObject } from 'react-router';
import { AppointmentsPage } from '../features/appointments/AppointmentsPage.tsx';
import { AppointmentDetailPage } from '../features/appointments/AppointmentDetailPage.tsx';
import { BookPage } from '../features/booking/BookPage.tsx';
import { ConfirmBookingPage } from '../features/booking/ConfirmBookingPage.tsx';
import { ProviderSlotsPage } from '../features/booking/ProviderSlotsPage.tsx';
import { CommunityPage } from '../features/community/CommunityPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { MessagesPage } from '../features/messages/MessagesPage.tsx';
import { NotFoundPage } from '../features/not-found/NotFoundPage.tsx';
import { ProfilePage } from '../features/profile/ProfilePage.tsx';
import { RecordsPage } from '../features/records/RecordsPage.tsx';
import { ForgotPasswordPage } from '../features/signup/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from '../features/signup/ResetPasswordPage.tsx';
import { SignUpPage } from '../features/signup/SignUpPage.tsx';
import { VerifyEmailPage } from '../features/signup/VerifyEmailPage.tsx';
import { AuthCallbackPage } from '../features/auth/AuthCallbackPage.tsx';
import { AcceptInvitationPage } from '../features/sharing/AcceptInvitationPage.tsx';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { AdminAuditPage } from '../features/admin/AdminAuditPage.tsx';
import { AccessHistoryPage } from '../features/access-history/AccessHistoryPage.tsx';
import { SchedulePage } from '../features/practice/SchedulePage.tsx';
import { AvailabilityPage } from '../features/practice/AvailabilityPage.tsx';
import { PatientsPage } from '../features/practice/PatientsPage.tsx';
import { PracticeProfilePage } from '../features/practice/PracticeProfilePage.tsx';
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
      { path: 'appointments/:appointmentId', element: <AppointmentDetailPage /> },
      // Booking: search and slots are open to everyone; confirming asks to sign in.
      { path: 'book', element: <BookPage /> },
      { path: 'book/:providerId', element: <ProviderSlotsPage /> },
      { path: 'book/:providerId/confirm', element: <ConfirmBookingPage /> },
      { path: 'records', element: <RecordsPage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'community', element: <CommunityPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'profile/access-history', element: <AccessHistoryPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'admin/audit', element: <AdminAuditPage /> },
      { path: 'practice', element: <SchedulePage /> },
      { path: 'practice/availability', element: <AvailabilityPage /> },
      { path: 'practice/patients', element: <PatientsPage /> },
      { path: 'practice/profile', element: <PracticeProfilePage /> },
      // Reachable without signing in.
      { path: 'sign-up', element: <SignUpPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'auth/callback', element: <AuthCallbackPage /> },
      { path: 'invitations/accept', element: <AcceptInvitationPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

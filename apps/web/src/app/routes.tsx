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
import { AddRecordEntryPage } from '../features/records/AddRecordEntryPage.tsx';
import { DocumentsPage } from '../features/records/DocumentsPage.tsx';
import { ImportPage } from '../features/records/ImportPage.tsx';
import { RecordEntryPage } from '../features/records/RecordEntryPage.tsx';
import { TimelinePage } from '../features/records/TimelinePage.tsx';
import { ForgotPasswordPage } from '../features/signup/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from '../features/signup/ResetPasswordPage.tsx';
import { SignUpPage } from '../features/signup/SignUpPage.tsx';
import { VerifyEmailPage } from '../features/signup/VerifyEmailPage.tsx';
import { AuthCallbackPage } from '../features/auth/AuthCallbackPage.tsx';
import { AcceptInvitationPage } from '../features/sharing/AcceptInvitationPage.tsx';
import { AdminPage } from '../features/admin/AdminPage.tsx';
import { AdminAuditPage } from '../features/admin/AdminAuditPage.tsx';
import { HealthSystemsPage } from '../features/admin/HealthSystemsPage.tsx';
import { SmartAppsPage } from '../features/admin/SmartAppsPage.tsx';
import { ConnectPage } from '../features/connect/ConnectPage.tsx';
import { ConnectCallbackPage } from '../features/connect/ConnectCallbackPage.tsx';
import { AccessHistoryPage } from '../features/access-history/AccessHistoryPage.tsx';
import { SchedulePage } from '../features/practice/SchedulePage.tsx';
import { AvailabilityPage } from '../features/practice/AvailabilityPage.tsx';
import { PatientsPage } from '../features/practice/PatientsPage.tsx';
import { PracticeProfilePage } from '../features/practice/PracticeProfilePage.tsx';
import {
  ChartAddPage,
  ChartResultsPage,
  ChartSummaryPage,
  ChartTimelinePage,
  ChartTrendPage,
} from '../features/chart/ChartPages.tsx';
import { ResultsPage, TrendPage } from '../features/records/results/ResultsPage.tsx';
import { NotificationsPage } from '../features/notifications/NotificationsPage.tsx';
import { NotificationPreferencesPage } from '../features/notifications/NotificationPreferencesPage.tsx';
import { MedicationsPage } from '../features/medications/MedicationsPage.tsx';
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
      { path: 'records/timeline', element: <TimelinePage /> },
      { path: 'records/entries/:resourceType/:id', element: <RecordEntryPage /> },
      { path: 'records/add', element: <AddRecordEntryPage /> },
      { path: 'records/documents', element: <DocumentsPage /> },
      { path: 'records/import', element: <ImportPage /> },
      { path: 'records/connect', element: <ConnectPage /> },
      { path: 'records/connect/callback', element: <ConnectCallbackPage /> },
      { path: 'records/results', element: <ResultsPage /> },
      { path: 'records/results/:code', element: <TrendPage /> },
      { path: 'medications', element: <MedicationsPage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'community', element: <CommunityPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'profile/access-history', element: <AccessHistoryPage /> },
      { path: 'profile/notifications', element: <NotificationPreferencesPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'admin/audit', element: <AdminAuditPage /> },
      { path: 'admin/health-systems', element: <HealthSystemsPage /> },
      { path: 'admin/smart-apps', element: <SmartAppsPage /> },
      { path: 'practice', element: <SchedulePage /> },
      { path: 'practice/availability', element: <AvailabilityPage /> },
      { path: 'practice/patients', element: <PatientsPage /> },
      { path: 'practice/patients/:patientId', element: <ChartSummaryPage /> },
      { path: 'practice/patients/:patientId/results', element: <ChartResultsPage /> },
      { path: 'practice/patients/:patientId/results/:code', element: <ChartTrendPage /> },
      { path: 'practice/patients/:patientId/timeline', element: <ChartTimelinePage /> },
      { path: 'practice/patients/:patientId/add', element: <ChartAddPage /> },
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

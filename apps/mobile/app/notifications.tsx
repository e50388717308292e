export { NotificationsScreen as default } from '../src/features/notifications/NotificationsScreen';

export { AppointmentsScreen as default } from '../../src/features/appointments/AppointmentsScreen';

export { RootLayout as default } from '../src/features/navigation/RootLayout';

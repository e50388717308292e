export { TabLayout as default } from '../../src/features/navigation/TabLayout';

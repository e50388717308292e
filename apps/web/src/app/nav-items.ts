import {
  IconCalendar,
  IconCommunity,
  IconHome,
  IconMessage,
  IconProfile,
  IconRecords,
  type IconComponent,
} from '../ui/index.ts';

export interface NavItem {
  path: string;
  labelKey: 'home' | 'appointments' | 'records' | 'messages' | 'community' | 'profile';
  Icon: IconComponent;
}

/** The six areas, in menu order. */
export const navItems: readonly NavItem[] = [
  { path: '/', labelKey: 'home', Icon: IconHome },
  { path: '/appointments', labelKey: 'appointments', Icon: IconCalendar },
  { path: '/records', labelKey: 'records', Icon: IconRecords },
  { path: '/messages', labelKey: 'messages', Icon: IconMessage },
  { path: '/community', labelKey: 'community', Icon: IconCommunity },
  { path: '/profile', labelKey: 'profile', Icon: IconProfile },
];

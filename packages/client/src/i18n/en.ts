/** English strings shared by web and mobile. Plain words, short sentences. */
export const en = {
  app: { name: 'CareCircle', tagline: 'Your appointments, records and people, in one place.' },
  nav: {
    home: 'Home',
    appointments: 'Appointments',
    records: 'Health records',
    messages: 'Messages',
    community: 'Community',
    profile: 'Profile',
  },
  empty: {
    appointments: {
      title: 'No appointments yet',
      body: 'When you book a visit, it will show here with the time, the place and how to get there.',
      action: 'Book an appointment',
    },
    records: {
      title: 'Your health records will live here',
      body: 'Test results, medicines, allergies and letters from your care team will show here.',
    },
    messages: {
      title: 'No messages yet',
      body: 'Messages with your care team and your circle will show here.',
    },
    community: {
      title: 'Find people who understand',
      body: 'Support groups, forums and help from your circle and volunteers will show here.',
    },
    profile: {
      title: 'Your profile',
      body: 'Your name, language, time zone and who you share with will show here.',
    },
  },
  home: {
    greeting: 'Welcome to CareCircle',
    nextAppointment: 'Next appointment',
    todaysMedicines: "Today's medicines",
    noneYet: 'Nothing here yet.',
    findProvider: 'Find a provider',
    providers: 'Providers',
  },
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    error: 'Something went wrong. Please try again.',
    offline: 'We could not reach CareCircle. Check your connection and try again.',
    language: 'Language',
    theme: 'Theme',
    themeLight: 'Light',
    themeDark: 'Dark',
    themeSystem: 'Same as device',
    skipToContent: 'Skip to main content',
    notFoundTitle: 'Page not found',
    notFoundBody: 'We could not find that page. Use the menu to go somewhere else.',
    goHome: 'Go to Home',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;

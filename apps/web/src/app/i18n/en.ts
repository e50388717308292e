/** English strings used only by the web app (the `web` namespace). Shared strings: `common`. */
export const en = {
  documentTitle: '{{page}} · {{app}}',
  languageNames: { en: 'English', es: 'Español' },
  layout: {
    primaryNav: 'Main menu',
    preferences: 'Display preferences',
  },
  home: {
    intro:
      'Your next visit and today’s medicines are at the top. Find a doctor or therapist below.',
    appointmentEmpty: {
      title: 'No visit booked yet',
      body: 'Your next visit will show here, with the time, the place and how to get there.',
      action: 'Book an appointment',
    },
    medicinesEmpty: {
      title: 'No medicines added yet',
      body: 'Your medicines for today will show here, so you can tick them off as you take them.',
      action: 'Go to health records',
    },
    findProviderIntro: 'Search by name, specialty or clinic.',
    searchLabel: 'Search providers',
    searchDescription: 'For example: knee, diabetes or Dr. Chen.',
    loadingProviders: 'Loading providers…',
    providersErrorTitle: 'We could not load the providers.',
    noResultsTitle: 'No providers found',
    noResultsBody: 'Try a shorter word, or check the spelling.',
    noProvidersBody: 'No providers are listed yet. Please check again later.',
    resultsCount_one: '{{count}} provider found',
    resultsCount_other: '{{count}} providers found',
    specialty: 'Specialty',
    languages: 'Speaks',
    clinic: 'Clinic',
    modalities: 'Visits',
  },
  modality: {
    in_person: 'In person',
    video: 'Video call',
    phone: 'Phone call',
  },
  pages: {
    appointmentsIntro: 'Your visits with your care team.',
    recordsIntro: 'Your results, medicines and letters in one place.',
    messagesIntro: 'Talk with your care team and your circle.',
    communityIntro: 'Groups and people who can help.',
    profileIntro: 'About you, and how CareCircle looks and speaks.',
  },
  profile: {
    preferences: 'Preferences',
    languageHelp: 'The language for all words in CareCircle.',
    themeHelp:
      'Dark uses light text on a dark background. Same as device follows your phone or computer.',
    saved: 'Saved on this device.',
  },
  routeError: {
    title: 'Something went wrong',
    body: 'This page could not be shown. Reload the page, or go back to Home.',
    reload: 'Reload the page',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type WebMessages = Widen<typeof en>;

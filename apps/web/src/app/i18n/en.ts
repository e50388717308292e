/** English strings used only by the web app (the `web` namespace). Shared strings: `common`. */
export const en = {
  documentTitle: '{{page}} · {{app}}',
  languageNames: { en: 'English', es: 'Español' },
  auth: {
    signIn: 'Sign in',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}}',
    signingIn: 'Signing you in…',
    idleTitle: 'Are you still there?',
    idleBody_one:
      'To keep your health information safe, you will be signed out in {{count}} minute.',
    idleBody_other:
      'To keep your health information safe, you will be signed out in {{count}} minutes.',
    staySignedIn: 'Stay signed in',
  },
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
  account: {
    createAccount: 'Create an account',
    haveNoAccount: 'New to CareCircle?',
    signUp: {
      title: 'Create your account',
      intro: 'It takes a minute. You can change these details later.',
      name: 'Your name',
      nameHelp: 'The name your care team and circle will see.',
      email: 'E-mail address',
      emailHelp: 'We will send you a link to confirm it.',
      password: 'Password',
      passwordRules:
        'At least 12 characters. A short sentence of three or four words is easy to remember. Do not use a common password, your name or your e-mail address.',
      roles: 'How will you use CareCircle?',
      rolesHelp: 'Pick all that fit you.',
      role: {
        patient: 'I am a patient',
        caregiver: 'I care for someone',
        volunteer: 'I want to volunteer',
        provider: 'I am a healthcare provider (needs verification)',
      },
      submit: 'Create my account',
      submitting: 'Creating your account…',
      fixErrors: 'Please fix the fields marked below.',
      emailTaken:
        'An account with this e-mail address already exists. Try to sign in, or reset your password.',
      forgotLink: 'Forgot your password?',
      checkEmailTitle: 'Check your e-mail',
      checkEmailBody:
        'We sent a link to {{email}}. Open it within 24 hours to confirm your address.',
      checkEmailSpam: 'No e-mail after a few minutes? Look in your spam or junk folder.',
      providerPending:
        'A CareCircle admin will check your details as a healthcare provider. Patients can find you once you are verified.',
    },
    errors: {
      nameRequired: 'Enter your name.',
      emailInvalid: 'Enter an e-mail address such as name@example.org.',
      passwordTooShort: 'Use at least 12 characters. A short sentence is easy to remember.',
      passwordTooLong: 'Use at most 128 characters.',
      passwordTooCommon: 'This password is too common. Try a longer phrase.',
      passwordRepetitive: 'This password repeats the same few characters. Try a longer phrase.',
      passwordPersonal: 'Do not use your name or e-mail address in your password.',
      rolesRequired: 'Pick at least one.',
    },
    verify: {
      title: 'Confirm your e-mail address',
      checking: 'Checking your link…',
      doneTitle: 'Your e-mail address is confirmed',
      doneBody: 'Thank you. You can use CareCircle now.',
      failedTitle: 'This link does not work',
      missingToken: 'This link is missing its code. Open the link from the e-mail again.',
    },
    forgot: {
      title: 'Forgot your password?',
      intro:
        'Enter the e-mail address of your account. We will send you a link to choose a new password.',
      submit: 'Send me a link',
      submitting: 'Sending…',
      sentTitle: 'Check your e-mail',
      sentBody:
        'If an account uses {{email}}, we sent it a link to choose a new password. The link works for 1 hour.',
    },
    reset: {
      title: 'Choose a new password',
      intro: 'After this, your old password no longer works.',
      password: 'New password',
      submit: 'Save my new password',
      submitting: 'Saving…',
      doneTitle: 'Your password is changed',
      doneBody: 'Use your new password the next time you sign in.',
      linkFailedTitle: 'This link does not work',
      askAgain: 'Ask for a new link',
    },
    tooMany: 'Please wait a little',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type WebMessages = Widen<typeof en>;

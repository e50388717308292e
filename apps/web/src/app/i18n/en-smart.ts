/** English strings of the admin's third-party SMART apps page. */
export const enSmart = {
  smartApps: {
    adminLink: 'Third-party apps (SMART on FHIR)',
    title: 'Third-party apps',
    intro:
      'Apps made by others that people may connect to their CareCircle record (SMART on FHIR). Each person still decides, on a consent page, what an app may see.',
    adminsOnly: 'Only admins can manage third-party apps.',
    back: 'Back to Admin',
    listTitle: 'Registered apps',
    loading: 'Loading apps…',
    failed: 'We could not load the apps.',
    empty: 'No apps are registered yet. Register one below.',
    columns: {
      name: 'App',
      clientId: 'Client id',
      clientType: 'Type',
      scopes: 'Allowed scopes',
      status: 'Status',
      actions: 'Actions',
    },
    type: { public: 'Public (no secret)', confidential: 'Confidential (with a secret)' },
    active: 'Active',
    disabled: 'Disabled',
    disable: 'Disable {{name}}',
    confirmDisable:
      'Disable {{name}}? It can no longer sign anyone in, and everything people allowed it ends now.',
    confirm: 'Yes, disable',
    cancel: 'Cancel',
    disabledDone: '{{name}} is disabled.',
    disableFailed: 'We could not disable {{name}}.',
    formTitle: 'Register an app',
    name: 'Name',
    nameHelp: 'People see this name on the consent page.',
    redirectUris: 'Redirect addresses',
    redirectUrisHelp:
      'Where the app gets people back after sign-in. https addresses (http://localhost while developing); separate several with spaces.',
    clientType: 'Kind of app',
    clientTypeHelp:
      'A public app runs in a browser or on a phone and keeps no secret; a confidential app runs on a server.',
    scopes: 'Allowed scopes',
    scopesHelp:
      'The most the app may ask for, separated by spaces, e.g. openid fhirUser launch/patient patient/Observation.rs',
    launchUrl: 'Launch address (optional)',
    launchUrlHelp: 'Where a launch of the app starts, if it has one.',
    submit: 'Register',
    submitting: 'Registering…',
    fixErrors: 'Some fields need fixing.',
    createFailed: 'We could not register the app.',
    errors: {
      name: 'Enter the app’s name.',
      redirectUris:
        'Enter at least one https address (or http://localhost / http://127.0.0.1 while developing).',
      scopes: 'Enter scopes CareCircle offers, e.g. openid patient/Observation.rs',
      launchUrl: 'Enter an https address, or leave it empty.',
    },
    registeredTitle: '{{name}} is registered',
    credentials: 'Give these to the app’s developer.',
    clientIdLabel: 'Client id',
    clientSecretLabel: 'Client secret',
    secretOnce:
      'Copy the secret now: it is not stored in a readable form and will not be shown again.',
  },
};

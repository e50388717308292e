/** Strings only the mobile app uses (namespace `mobile`). Shared strings live in @carecircle/client. */
export const mobileEn = {
  header: {
    openProfile: 'Open your profile',
  },
  tabs: {
    hint: 'Shows {{area}}',
  },
  home: {
    providersIntro: 'People who can care for you. Choose one to book a visit.',
    providersErrorTitle: 'We could not load providers',
    providersEmptyTitle: 'No providers to show yet',
    providersEmptyBody:
      'When clinics add their doctors and therapists, they will show here so you can book with them.',
    speaks: 'Speaks: {{languages}}',
    modalities: 'Visits: {{modalities}}',
  },
  modality: {
    in_person: 'in person',
    video: 'video',
    phone: 'phone',
  },
  hints: {
    appointments: 'To start, find a provider on Home.',
    records: 'Your care team adds them after a visit. You do not need to do anything now.',
    messages: 'Your care team can write to you once you have booked a visit.',
    community: 'Groups are coming soon. You will be able to read first and post when ready.',
    profile: 'Signing in is coming soon.',
  },
  notifications: {
    title: 'Notifications',
    bell: 'Notifications',
    bellUnread_one: '{{count}} unread notification',
    bellUnread_other: '{{count}} unread notifications',
    unreadSummary_one: '{{count}} unread',
    unreadSummary_other: '{{count}} unread',
    allRead: 'All read',
    unread: 'Unread',
    markAllRead: 'Mark all as read',
    loadMore: 'Show older notifications',
    loadingMore: 'Loading older notifications…',
    errorTitle: 'We could not load your notifications',
    markReadError: 'We could not mark it as read. Try again.',
    emptyTitle: 'No notifications yet',
    emptyBody: 'Reminders, appointment changes and news from your care circle will show here.',
    signedOutTitle: 'Sign in to see your notifications',
    signedOutBody: 'Your reminders and appointment updates show here once you are signed in.',
    forPatient: 'About {{name}}',
    newArrived: 'New notifications arrived',
    dose: {
      taken: 'Taken',
      skip: 'Skip',
      snooze: 'Snooze {{minutes}} min',
      takenA11y: 'Taken: {{title}}',
      skipA11y: 'Skip: {{title}}',
      snoozeA11y: 'Snooze {{minutes}} minutes: {{title}}',
      answered_taken: 'Marked as taken',
      answered_skipped: 'Marked as skipped',
      answered_snoozed: 'We will remind you again in {{minutes}} minutes',
      error: 'We could not save your answer. Try again.',
    },
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type MobileMessages = Widen<typeof mobileEn>;

export const mobileEs: MobileMessages = {
  header: {
    openProfile: 'Abrir su perfil',
  },
  tabs: {
    hint: 'Muestra {{area}}',
  },
  home: {
    providersIntro: 'Profesionales que pueden atenderle. Elija uno para reservar una visita.',
    providersErrorTitle: 'No pudimos cargar los profesionales',
    providersEmptyTitle: 'Todavía no hay profesionales',
    providersEmptyBody:
      'Cuando las clínicas agreguen a sus médicos y terapeutas, aparecerán aquí para que pueda reservar con ellos.',
    speaks: 'Habla: {{languages}}',
    modalities: 'Visitas: {{modalities}}',
  },
  modality: {
    in_person: 'en persona',
    video: 'por video',
    phone: 'por teléfono',
  },
  hints: {
    appointments: 'Para empezar, busque un profesional en Inicio.',
    records: 'Su equipo de salud los agrega después de una visita. Ahora no tiene que hacer nada.',
    messages: 'Su equipo de salud podrá escribirle cuando haya reservado una visita.',
    community: 'Los grupos llegarán pronto. Podrá leer primero y escribir cuando quiera.',
    profile: 'Pronto podrá iniciar sesión.',
  },
  notifications: {
    title: 'Notificaciones',
    bell: 'Notificaciones',
    bellUnread_one: '{{count}} notificación sin leer',
    bellUnread_other: '{{count}} notificaciones sin leer',
    unreadSummary_one: '{{count}} sin leer',
    unreadSummary_other: '{{count}} sin leer',
    allRead: 'Todo leído',
    unread: 'Sin leer',
    markAllRead: 'Marcar todo como leído',
    loadMore: 'Ver notificaciones anteriores',
    loadingMore: 'Cargando notificaciones anteriores…',
    errorTitle: 'No pudimos cargar sus notificaciones',
    markReadError: 'No pudimos marcarla como leída. Inténtelo de nuevo.',
    emptyTitle: 'Todavía no hay notificaciones',
    emptyBody:
      'Aquí aparecerán los recordatorios, los cambios de citas y las novedades de su círculo de cuidado.',
    signedOutTitle: 'Inicie sesión para ver sus notificaciones',
    signedOutBody:
      'Sus recordatorios y los cambios de sus citas aparecerán aquí cuando haya iniciado sesión.',
    forPatient: 'Sobre {{name}}',
    newArrived: 'Llegaron notificaciones nuevas',
    dose: {
      taken: 'Tomada',
      skip: 'Omitir',
      snooze: 'Posponer {{minutes}} min',
      takenA11y: 'Tomada: {{title}}',
      skipA11y: 'Omitir: {{title}}',
      snoozeA11y: 'Posponer {{minutes}} minutos: {{title}}',
      answered_taken: 'Marcada como tomada',
      answered_skipped: 'Marcada como omitida',
      answered_snoozed: 'Se lo recordaremos de nuevo en {{minutes}} minutos',
      error: 'No pudimos guardar su respuesta. Inténtelo de nuevo.',
    },
  },
};

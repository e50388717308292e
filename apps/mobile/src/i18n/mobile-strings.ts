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
};

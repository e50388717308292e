import type { Messages } from './en.ts';

/** Spanish strings shared by web and mobile. */
export const es: Messages = {
  app: { name: 'CareCircle', tagline: 'Sus citas, registros y personas, en un solo lugar.' },
  nav: {
    home: 'Inicio',
    appointments: 'Citas',
    records: 'Historial médico',
    messages: 'Mensajes',
    community: 'Comunidad',
    profile: 'Perfil',
  },
  empty: {
    appointments: {
      title: 'Todavía no tiene citas',
      body: 'Cuando reserve una visita, aparecerá aquí con la hora, el lugar y cómo llegar.',
      action: 'Reservar una cita',
    },
    records: {
      title: 'Aquí estará su historial médico',
      body: 'Aquí aparecerán resultados, medicinas, alergias y cartas de su equipo de salud.',
    },
    messages: {
      title: 'Todavía no hay mensajes',
      body: 'Aquí aparecerán los mensajes con su equipo de salud y su círculo.',
    },
    community: {
      title: 'Encuentre personas que le entienden',
      body: 'Aquí aparecerán grupos de apoyo, foros y la ayuda de su círculo y de voluntarios.',
    },
    profile: {
      title: 'Su perfil',
      body: 'Aquí aparecerán su nombre, idioma, zona horaria y con quién comparte.',
    },
  },
  home: {
    greeting: 'Bienvenido a CareCircle',
    nextAppointment: 'Próxima cita',
    todaysMedicines: 'Medicinas de hoy',
    noneYet: 'Todavía no hay nada aquí.',
    findProvider: 'Buscar un profesional',
    providers: 'Profesionales',
  },
  common: {
    loading: 'Cargando…',
    retry: 'Intentar de nuevo',
    error: 'Algo salió mal. Por favor, inténtelo de nuevo.',
    offline: 'No pudimos conectar con CareCircle. Revise su conexión e inténtelo de nuevo.',
    language: 'Idioma',
    theme: 'Tema',
    themeLight: 'Claro',
    themeDark: 'Oscuro',
    themeSystem: 'Igual que el dispositivo',
    skipToContent: 'Saltar al contenido principal',
    notFoundTitle: 'Página no encontrada',
    notFoundBody: 'No encontramos esa página. Use el menú para ir a otro lugar.',
    goHome: 'Ir al inicio',
  },
};

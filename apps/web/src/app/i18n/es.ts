import type { WebMessages } from './en.ts';

/** Spanish strings used only by the web app (the `web` namespace). */
export const es: WebMessages = {
  documentTitle: '{{page}} · {{app}}',
  languageNames: { en: 'English', es: 'Español' },
  layout: {
    primaryNav: 'Menú principal',
    preferences: 'Preferencias de pantalla',
  },
  home: {
    intro:
      'Su próxima cita y las medicinas de hoy están arriba. Busque un médico o terapeuta abajo.',
    appointmentEmpty: {
      title: 'Todavía no tiene citas',
      body: 'Su próxima cita aparecerá aquí, con la hora, el lugar y cómo llegar.',
      action: 'Reservar una cita',
    },
    medicinesEmpty: {
      title: 'Todavía no hay medicinas',
      body: 'Aquí aparecerán sus medicinas de hoy, para que las marque cuando las tome.',
      action: 'Ir al historial médico',
    },
    findProviderIntro: 'Busque por nombre, especialidad o clínica.',
    searchLabel: 'Buscar profesionales',
    searchDescription: 'Por ejemplo: rodilla, diabetes o Dra. Chen.',
    loadingProviders: 'Cargando profesionales…',
    providersErrorTitle: 'No pudimos cargar los profesionales.',
    noResultsTitle: 'No encontramos profesionales',
    noResultsBody: 'Pruebe con una palabra más corta o revise cómo está escrita.',
    noProvidersBody: 'Todavía no hay profesionales. Vuelva a mirar más tarde.',
    resultsCount_one: '{{count}} profesional encontrado',
    resultsCount_other: '{{count}} profesionales encontrados',
    specialty: 'Especialidad',
    languages: 'Habla',
    clinic: 'Clínica',
    modalities: 'Consultas',
  },
  modality: {
    in_person: 'En persona',
    video: 'Videollamada',
    phone: 'Llamada',
  },
  pages: {
    appointmentsIntro: 'Sus citas con su equipo de salud.',
    recordsIntro: 'Sus resultados, medicinas y cartas en un solo lugar.',
    messagesIntro: 'Hable con su equipo de salud y su círculo.',
    communityIntro: 'Grupos y personas que pueden ayudar.',
    profileIntro: 'Sobre usted, y cómo se ve y habla CareCircle.',
  },
  profile: {
    preferences: 'Preferencias',
    languageHelp: 'El idioma de todas las palabras en CareCircle.',
    themeHelp:
      'Oscuro usa letras claras sobre fondo oscuro. Igual que el dispositivo sigue a su teléfono o computadora.',
    saved: 'Guardado en este dispositivo.',
  },
  routeError: {
    title: 'Algo salió mal',
    body: 'No pudimos mostrar esta página. Vuelva a cargarla o vaya al inicio.',
    reload: 'Volver a cargar la página',
  },
};

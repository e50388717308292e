import type { WebMessages } from './en.ts';

/** Spanish strings used only by the web app (the `web` namespace). */
export const es: WebMessages = {
  documentTitle: '{{page}} · {{app}}',
  languageNames: { en: 'English', es: 'Español' },
  auth: {
    signIn: 'Iniciar sesión',
    signOut: 'Cerrar sesión',
    signedInAs: 'Sesión de {{name}}',
    signingIn: 'Iniciando su sesión…',
    idleTitle: '¿Sigue ahí?',
    idleBody_one:
      'Para proteger su información de salud, su sesión se cerrará en {{count}} minuto.',
    idleBody_other:
      'Para proteger su información de salud, su sesión se cerrará en {{count}} minutos.',
    staySignedIn: 'Seguir con la sesión',
  },
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
  account: {
    createAccount: 'Crear una cuenta',
    haveNoAccount: '¿Es nuevo en CareCircle?',
    signUp: {
      title: 'Cree su cuenta',
      intro: 'Lleva un minuto. Puede cambiar estos datos más tarde.',
      name: 'Su nombre',
      nameHelp: 'El nombre que verán su equipo de salud y su círculo.',
      email: 'Correo electrónico',
      emailHelp: 'Le enviaremos un enlace para confirmarlo.',
      password: 'Contraseña',
      passwordRules:
        'Al menos 12 caracteres. Una frase corta de tres o cuatro palabras es fácil de recordar. No use una contraseña común, su nombre ni su correo.',
      roles: '¿Cómo usará CareCircle?',
      rolesHelp: 'Marque todas las que correspondan.',
      role: {
        patient: 'Soy paciente',
        caregiver: 'Cuido a alguien',
        volunteer: 'Quiero ser voluntario',
        provider: 'Soy profesional de la salud (requiere verificación)',
      },
      submit: 'Crear mi cuenta',
      submitting: 'Creando su cuenta…',
      fixErrors: 'Corrija los campos marcados abajo.',
      emailTaken:
        'Ya existe una cuenta con este correo. Intente iniciar sesión o cambie su contraseña.',
      forgotLink: '¿Olvidó su contraseña?',
      checkEmailTitle: 'Revise su correo',
      checkEmailBody:
        'Enviamos un enlace a {{email}}. Ábralo en las próximas 24 horas para confirmar su correo.',
      checkEmailSpam:
        '¿No llega el correo en unos minutos? Mire en la carpeta de correo no deseado.',
      providerPending:
        'Un administrador de CareCircle revisará sus datos como profesional de la salud. Los pacientes podrán encontrarle cuando esté verificado.',
    },
    errors: {
      nameRequired: 'Escriba su nombre.',
      emailInvalid: 'Escriba un correo como nombre@ejemplo.org.',
      passwordTooShort: 'Use al menos 12 caracteres. Una frase corta es fácil de recordar.',
      passwordTooLong: 'Use como máximo 128 caracteres.',
      passwordTooCommon: 'Esta contraseña es demasiado común. Pruebe con una frase más larga.',
      passwordRepetitive:
        'Esta contraseña repite los mismos caracteres. Pruebe con una frase más larga.',
      passwordPersonal: 'No use su nombre ni su correo en la contraseña.',
      rolesRequired: 'Marque al menos una opción.',
    },
    verify: {
      title: 'Confirme su correo electrónico',
      checking: 'Revisando su enlace…',
      doneTitle: 'Su correo está confirmado',
      doneBody: 'Gracias. Ya puede usar CareCircle.',
      failedTitle: 'Este enlace no funciona',
      missingToken: 'A este enlace le falta su código. Abra de nuevo el enlace del correo.',
    },
    forgot: {
      title: '¿Olvidó su contraseña?',
      intro:
        'Escriba el correo de su cuenta. Le enviaremos un enlace para elegir una contraseña nueva.',
      submit: 'Enviarme un enlace',
      submitting: 'Enviando…',
      sentTitle: 'Revise su correo',
      sentBody:
        'Si hay una cuenta con {{email}}, le enviamos un enlace para elegir una contraseña nueva. El enlace funciona durante 1 hora.',
    },
    reset: {
      title: 'Elija una contraseña nueva',
      intro: 'Después de esto, su contraseña anterior ya no funciona.',
      password: 'Contraseña nueva',
      submit: 'Guardar mi contraseña nueva',
      submitting: 'Guardando…',
      doneTitle: 'Su contraseña cambió',
      doneBody: 'Use su contraseña nueva la próxima vez que inicie sesión.',
      linkFailedTitle: 'Este enlace no funciona',
      askAgain: 'Pedir un enlace nuevo',
    },
    tooMany: 'Espere un momento, por favor',
  },
};

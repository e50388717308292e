import type { WebMessages } from './en.ts';

type SmartMessages = Pick<WebMessages, 'smartApps'>;

/** Spanish strings of the admin's third-party SMART apps page. */
export const esSmart: SmartMessages = {
  smartApps: {
    adminLink: 'Aplicaciones de terceros (SMART on FHIR)',
    title: 'Aplicaciones de terceros',
    intro:
      'Aplicaciones hechas por otros que las personas pueden conectar a su historial de CareCircle (SMART on FHIR). Cada persona decide, en una página de consentimiento, qué puede ver una aplicación.',
    adminsOnly: 'Solo los administradores pueden gestionar aplicaciones de terceros.',
    back: 'Volver a Administración',
    listTitle: 'Aplicaciones registradas',
    loading: 'Cargando aplicaciones…',
    failed: 'No pudimos cargar las aplicaciones.',
    empty: 'Todavía no hay aplicaciones registradas. Registre una abajo.',
    columns: {
      name: 'Aplicación',
      clientId: 'Id de cliente',
      clientType: 'Tipo',
      scopes: 'Permisos permitidos',
      status: 'Estado',
      actions: 'Acciones',
    },
    type: { public: 'Pública (sin secreto)', confidential: 'Confidencial (con secreto)' },
    active: 'Activa',
    disabled: 'Desactivada',
    disable: 'Desactivar {{name}}',
    confirmDisable:
      '¿Desactivar {{name}}? Ya no podrá iniciar sesión por nadie y termina todo lo que las personas le permitieron.',
    confirm: 'Sí, desactivar',
    cancel: 'Cancelar',
    disabledDone: '{{name}} está desactivada.',
    disableFailed: 'No pudimos desactivar {{name}}.',
    formTitle: 'Registrar una aplicación',
    name: 'Nombre',
    nameHelp: 'Las personas ven este nombre en la página de consentimiento.',
    redirectUris: 'Direcciones de retorno',
    redirectUrisHelp:
      'Adónde vuelven las personas a la aplicación después de iniciar sesión. Direcciones https (http://localhost durante el desarrollo); separe varias con espacios.',
    clientType: 'Tipo de aplicación',
    clientTypeHelp:
      'Una aplicación pública funciona en un navegador o en un teléfono y no guarda secretos; una confidencial funciona en un servidor.',
    scopes: 'Permisos permitidos',
    scopesHelp:
      'Lo máximo que la aplicación puede pedir, separado por espacios, p. ej. openid fhirUser launch/patient patient/Observation.rs',
    launchUrl: 'Dirección de inicio (opcional)',
    launchUrlHelp: 'Dónde empieza la aplicación, si tiene una.',
    submit: 'Registrar',
    submitting: 'Registrando…',
    fixErrors: 'Hay campos que corregir.',
    createFailed: 'No pudimos registrar la aplicación.',
    errors: {
      name: 'Escriba el nombre de la aplicación.',
      redirectUris:
        'Escriba al menos una dirección https (o http://localhost / http://127.0.0.1 durante el desarrollo).',
      scopes: 'Escriba permisos que CareCircle ofrece, p. ej. openid patient/Observation.rs',
      launchUrl: 'Escriba una dirección https o déjelo vacío.',
    },
    registeredTitle: '{{name}} está registrada',
    credentials: 'Entregue estos datos a quien desarrolla la aplicación.',
    clientIdLabel: 'Id de cliente',
    clientSecretLabel: 'Secreto de cliente',
    secretOnce: 'Copie el secreto ahora: no se guarda de forma legible y no se volverá a mostrar.',
  },
};

import { parseSmartScope, type SmartInteraction } from '@carecircle/core';
import type { PageLocale } from './pages.ts';

/**
 * What an app asks for, in plain words for the consent page: one sentence per scope, in the
 * person's language. `openid` and `fhirUser` say the same thing to a person (one line).
 */

type Label = { en: string; es: string; esOwn: 'su' | 'sus' };

const TYPE_LABELS: Record<string, Label> = {
  Condition: { en: 'conditions', es: 'afecciones', esOwn: 'sus' },
  Observation: {
    en: 'lab results and vital signs',
    es: 'resultados de laboratorio y signos vitales',
    esOwn: 'sus',
  },
  MedicationRequest: { en: 'prescriptions', es: 'recetas', esOwn: 'sus' },
  MedicationStatement: {
    en: 'medications (what is taken)',
    es: 'medicamentos (lo que se toma)',
    esOwn: 'sus',
  },
  AllergyIntolerance: { en: 'allergies', es: 'alergias', esOwn: 'sus' },
  Immunization: { en: 'vaccinations', es: 'vacunas', esOwn: 'sus' },
  DiagnosticReport: { en: 'test reports', es: 'informes de pruebas', esOwn: 'sus' },
  DocumentReference: { en: 'documents', es: 'documentos', esOwn: 'sus' },
  Patient: {
    en: 'personal details (name, date of birth)',
    es: 'datos personales (nombre, fecha de nacimiento)',
    esOwn: 'sus',
  },
  Practitioner: { en: 'doctors and therapists', es: 'médicos y terapeutas', esOwn: 'sus' },
  Appointment: { en: 'appointments', es: 'citas', esOwn: 'sus' },
  Schedule: {
    en: 'providers’ schedules',
    es: 'agendas de los profesionales',
    esOwn: 'sus',
  },
  Slot: { en: 'open appointment times', es: 'horarios libres para citas', esOwn: 'sus' },
  AuditEvent: {
    en: 'access history (who saw the record)',
    es: 'historial de accesos (quién vio el historial)',
    esOwn: 'su',
  },
  '*': {
    en: 'whole health record',
    es: 'historial de salud completo',
    esOwn: 'su',
  },
};

const VERBS: Record<PageLocale, Record<SmartInteraction, string>> = {
  en: { c: 'add to', r: 'read', u: 'change', d: 'delete', s: 'search' },
  es: { c: 'añadir a', r: 'leer', u: 'cambiar', d: 'borrar', s: 'buscar en' },
};

const FIXED: Record<PageLocale, Record<string, string>> = {
  en: {
    identity: 'Know who you are',
    profile: 'See your name, language and time zone',
    email: 'See your e-mail address',
    'launch/patient': 'Know whose health record it is working with (yours)',
    offline_access: 'Stay connected when you’re not using it (offline access)',
  },
  es: {
    identity: 'Saber quién es usted',
    profile: 'Ver su nombre, idioma y zona horaria',
    email: 'Ver su correo electrónico',
    'launch/patient': 'Saber con qué historial de salud trabaja (el suyo)',
    offline_access: 'Seguir conectada cuando usted no la esté usando (acceso sin conexión)',
  },
};

function joinWords(locale: PageLocale, words: string[]): string {
  if (words.length <= 1) return words.join('');
  const and = locale === 'es' ? 'y' : 'and';
  return `${words.slice(0, -1).join(', ')} ${and} ${words.at(-1)}`;
}

const ORDER: SmartInteraction[] = ['r', 's', 'c', 'u', 'd'];

function describeResourceScope(locale: PageLocale, scope: string): string | undefined {
  const parsed = parseSmartScope(scope);
  if (!parsed || parsed.context === 'system') return undefined;
  const label = TYPE_LABELS[parsed.resourceType];
  if (!label) return undefined;
  const verbs = ORDER.filter((i) => parsed.interactions.has(i)).map((i) => VERBS[locale][i]);
  const phrase = joinWords(locale, verbs);
  const sentence = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  const type = parsed.resourceType === '*' ? '' : ` (${parsed.resourceType})`;
  const only = [...parsed.constraints.values()].flat();
  const limit = only.length
    ? locale === 'es'
      ? `, solo: ${only.join(', ')}`
      : `, only: ${only.join(', ')}`
    : '';
  if (parsed.context === 'patient') {
    const what = locale === 'es' ? `${label.esOwn} ${label.es}` : `your ${label.en}`;
    return `${sentence} ${what}${type}${limit}`;
  }
  const what =
    locale === 'es'
      ? `${label.es} de las personas cuyo historial puede ver`
      : `the ${label.en} of everyone whose record you can see`;
  return `${sentence} ${what}${type}${limit}`;
}

/** Plain-words lines for the scopes, in a stable order (who you are first, offline last). */
export function describeScopes(locale: PageLocale, scopes: readonly string[]): string[] {
  const set = new Set(scopes);
  const fixed = FIXED[locale];
  const lines: string[] = [];
  if (set.has('openid') || set.has('fhirUser')) lines.push(fixed.identity!);
  for (const s of ['profile', 'email', 'launch/patient']) if (set.has(s)) lines.push(fixed[s]!);
  for (const s of set) {
    const line = describeResourceScope(locale, s);
    if (line && !lines.includes(line)) lines.push(line);
  }
  if (set.has('offline_access')) lines.push(fixed.offline_access!);
  return lines;
}

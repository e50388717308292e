import { describe, expect, it } from 'vitest';
import { describeScopes } from './smart-consent.ts';

describe('consent page wording', () => {
  it('says what each scope allows, in English and Spanish, in a stable order', () => {
    const scopes = [
      'offline_access',
      'patient/Condition.cruds',
      'fhirUser',
      'openid',
      'launch/patient',
      'patient/Observation.rs',
      'user/Immunization.read',
    ];
    expect(describeScopes('en', scopes)).toEqual([
      'Know who you are',
      'Know whose health record it is working with (yours)',
      'Read, search, add to, change and delete your conditions (Condition)',
      'Read and search your lab results and vital signs (Observation)',
      'Read and search the vaccinations of everyone whose record you can see (Immunization)',
      'Stay connected when you’re not using it (offline access)',
    ]);
    expect(describeScopes('es', scopes)).toEqual([
      'Saber quién es usted',
      'Saber con qué historial de salud trabaja (el suyo)',
      'Leer, buscar en, añadir a, cambiar y borrar sus afecciones (Condition)',
      'Leer y buscar en sus resultados de laboratorio y signos vitales (Observation)',
      'Leer y buscar en vacunas de las personas cuyo historial puede ver (Immunization)',
      'Seguir conectada cuando usted no la esté usando (acceso sin conexión)',
    ]);
  });

  it('names granular limits and the whole record, and skips what it does not know', () => {
    expect(
      describeScopes('en', [
        'patient/Observation.rs?category=vital-signs',
        'patient/*.r',
        'system/*.read',
        'something-else',
      ]),
    ).toEqual([
      'Read and search your lab results and vital signs (Observation), only: vital-signs',
      'Read your whole health record',
    ]);
  });
});

// Server-rendered pages of the sign-in's second step (TOTP), in the style of pages.ts: no
// script, no inline style, English and Spanish.
import type { MfaEnrolment } from '@carecircle/core';
import { escapeHtml, layout, type PageLocale } from './pages.ts';

const strings = {
  en: {
    totpTitle: 'Enter your sign-in code',
    totpIntro: 'Open your authenticator app and enter the 6-digit code it shows for CareCircle.',
    code: '6-digit code',
    verify: 'Continue',
    useRecovery: 'Lost your phone? Use a recovery code',
    recoveryCode: 'Recovery code',
    recoveryHelp:
      'One of the codes you saved when you turned on two-step sign-in. Each works once.',
    useRecoveryButton: 'Sign in with a recovery code',
    wrongCode: 'That code is not right. Codes change every 30 seconds; try the newest one.',
    wrongRecovery: 'That recovery code is not right, or it was already used.',
    enrolTitle: 'Set up two-step sign-in',
    enrolIntro:
      'Providers and administrators sign in with a password and a code from an authenticator app. Scan this QR code with the app (for example Google Authenticator, Microsoft Authenticator or 1Password).',
    qrAlt:
      'QR code to add CareCircle to an authenticator app. If you cannot scan it, type the key shown below.',
    manualKey: 'Cannot scan? Type this key into the app:',
    enrolCode: 'Then enter the 6-digit code the app shows',
    codesTitle: 'Save your recovery codes',
    codesIntro:
      'If you lose your phone, each of these codes lets you sign in once. Print them or keep them in a password manager. They are shown only now.',
    codesSaved: 'I saved my recovery codes, continue',
    doneTitle: 'Two-step sign-in is on',
    doneIntro: 'Your recovery codes were shown when you set it up.',
    continue: 'Continue',
  },
  es: {
    totpTitle: 'Escriba su código de acceso',
    totpIntro:
      'Abra su aplicación de autenticación y escriba el código de 6 dígitos que muestra para CareCircle.',
    code: 'Código de 6 dígitos',
    verify: 'Continuar',
    useRecovery: '¿Perdió su teléfono? Use un código de recuperación',
    recoveryCode: 'Código de recuperación',
    recoveryHelp:
      'Uno de los códigos que guardó al activar el acceso en dos pasos. Cada uno sirve una sola vez.',
    useRecoveryButton: 'Entrar con un código de recuperación',
    wrongCode:
      'Ese código no es correcto. Los códigos cambian cada 30 segundos; pruebe con el más reciente.',
    wrongRecovery: 'Ese código de recuperación no es correcto o ya se usó.',
    enrolTitle: 'Active el acceso en dos pasos',
    enrolIntro:
      'Los profesionales y administradores entran con una contraseña y un código de una aplicación de autenticación. Escanee este código QR con la aplicación (por ejemplo Google Authenticator, Microsoft Authenticator o 1Password).',
    qrAlt:
      'Código QR para añadir CareCircle a una aplicación de autenticación. Si no puede escanearlo, escriba la clave que aparece abajo.',
    manualKey: '¿No puede escanearlo? Escriba esta clave en la aplicación:',
    enrolCode: 'Luego escriba el código de 6 dígitos que muestra la aplicación',
    codesTitle: 'Guarde sus códigos de recuperación',
    codesIntro:
      'Si pierde su teléfono, cada uno de estos códigos le permite entrar una vez. Imprímalos o guárdelos en un gestor de contraseñas. Solo se muestran ahora.',
    codesSaved: 'Guardé mis códigos de recuperación, continuar',
    doneTitle: 'El acceso en dos pasos está activado',
    doneIntro: 'Sus códigos de recuperación se mostraron al activarlo.',
    continue: 'Continuar',
  },
} satisfies Record<PageLocale, Record<string, string>>;

export type MfaPageStrings = (typeof strings)['en'];

export function mfaPageStrings(locale: PageLocale): MfaPageStrings {
  return strings[locale];
}

function errorBlock(error: string | undefined): { html: string; described: string } {
  return error
    ? {
        html: `<p class="error" role="alert" id="form-error">${escapeHtml(error)}</p>`,
        described: ' aria-describedby="form-error" aria-invalid="true"',
      }
    : { html: '', described: '' };
}

const codeInput = (label: string, described: string) =>
  `<label for="code">${escapeHtml(label)}</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="one-time-code" required autofocus${described}>`;

/** The second step for someone with two-step sign-in on: a code, or a recovery code. */
export function totpPage(opts: {
  locale: PageLocale;
  action: string;
  error?: string;
  recoveryError?: string;
}): string {
  const t = mfaPageStrings(opts.locale);
  const e = errorBlock(opts.error);
  const r = opts.recoveryError
    ? {
        html: `<p class="error" role="alert" id="recovery-error">${escapeHtml(opts.recoveryError)}</p>`,
        described: ' aria-describedby="recovery-help recovery-error" aria-invalid="true"',
      }
    : { html: '', described: ' aria-describedby="recovery-help"' };
  return layout(
    opts.locale,
    t.totpTitle,
    `<h1>${escapeHtml(t.totpTitle)}</h1>
<p>${escapeHtml(t.totpIntro)}</p>
${e.html}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
${codeInput(t.code, e.described)}
<button type="submit">${escapeHtml(t.verify)}</button>
</form>
<details${opts.recoveryError ? ' open' : ''}>
<summary>${escapeHtml(t.useRecovery)}</summary>
${r.html}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
<label for="recovery_code">${escapeHtml(t.recoveryCode)}</label>
<p id="recovery-help">${escapeHtml(t.recoveryHelp)}</p>
<input id="recovery_code" name="recovery_code" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="32" required${r.described}>
<button type="submit" class="secondary">${escapeHtml(t.useRecoveryButton)}</button>
</form>
</details>`,
  );
}

/** Enrolment inside the sign-in (providers and admins without two-step sign-in yet). */
export function enrolPage(opts: {
  locale: PageLocale;
  action: string;
  enrolment: MfaEnrolment;
  error?: string;
}): string {
  const t = mfaPageStrings(opts.locale);
  const e = errorBlock(opts.error);
  return layout(
    opts.locale,
    t.enrolTitle,
    `<h1>${escapeHtml(t.enrolTitle)}</h1>
<p>${escapeHtml(t.enrolIntro)}</p>
<p><img src="${escapeHtml(opts.enrolment.qrCode)}" alt="${escapeHtml(t.qrAlt)}" width="220" height="220"></p>
<p>${escapeHtml(t.manualKey)}</p>
<p><code id="manual-key">${escapeHtml(opts.enrolment.manualKey)}</code></p>
${e.html}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
${codeInput(t.enrolCode, e.described)}
<button type="submit">${escapeHtml(t.verify)}</button>
</form>`,
  );
}

/** Recovery codes, shown once, then the sign-in goes on. */
export function recoveryCodesPage(opts: {
  locale: PageLocale;
  action: string;
  codes?: string[];
}): string {
  const t = mfaPageStrings(opts.locale);
  const title = opts.codes ? t.codesTitle : t.doneTitle;
  const body = opts.codes
    ? `<p>${escapeHtml(t.codesIntro)}</p>
<ol class="recovery-codes">${opts.codes.map((c) => `<li><code>${escapeHtml(c)}</code></li>`).join('')}</ol>`
    : `<p>${escapeHtml(t.doneIntro)}</p>`;
  return layout(
    opts.locale,
    title,
    `<h1>${escapeHtml(title)}</h1>
${body}
<form method="post" action="${escapeHtml(opts.action)}">
<button type="submit">${escapeHtml(opts.codes ? t.codesSaved : t.continue)}</button>
</form>`,
  );
}

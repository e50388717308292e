// Server-rendered pages of the sign-in interaction. They work without JavaScript and carry no
// inline script or style, so the strict Content-Security-Policy holds here too.
import { escapeHtml } from '../platform/html.ts';

export type PageLocale = 'en' | 'es';

const strings = {
  en: {
    signInTitle: 'Sign in to CareCircle',
    email: 'E-mail address',
    password: 'Password',
    signIn: 'Sign in',
    forgot: 'Forgot your password?',
    noAccount: 'New to CareCircle?',
    createAccount: 'Create an account',
    badCredentials: 'That e-mail address and password do not match. Check them and try again.',
    throttled: 'Too many attempts. Please wait {minutes} minutes and try again.',
    notActive:
      'This account cannot sign in yet. Provider accounts need to be verified by an administrator first.',
    consentTitle: '{client} wants to use your CareCircle account',
    consentIntro: 'If you allow it, {client} will be able to:',
    consentThirdParty:
      '{client} is not made by CareCircle. Only allow it if you trust it with this information.',
    consentReturnTo: 'After your answer you go back to {host}.',
    allow: 'Allow',
    deny: 'Do not allow',
    logoutTitle: 'Sign out of CareCircle?',
    logoutYes: 'Sign out',
    logoutNo: 'Stay signed in',
    signedOutTitle: 'You are signed out',
    signedOutBody: 'You can close this page or sign in again.',
    errorTitle: 'Sign-in could not continue',
    errorBody: 'Something was wrong with the sign-in request. Go back to CareCircle and try again.',
    backHome: 'Back to CareCircle',
  },
  es: {
    signInTitle: 'Iniciar sesión en CareCircle',
    email: 'Correo electrónico',
    password: 'Contraseña',
    signIn: 'Iniciar sesión',
    forgot: '¿Olvidó su contraseña?',
    noAccount: '¿Es nuevo en CareCircle?',
    createAccount: 'Crear una cuenta',
    badCredentials: 'El correo y la contraseña no coinciden. Revíselos e inténtelo de nuevo.',
    throttled: 'Demasiados intentos. Espere {minutes} minutos e inténtelo de nuevo.',
    notActive:
      'Esta cuenta todavía no puede iniciar sesión. Un administrador debe verificar primero las cuentas de profesionales.',
    consentTitle: '{client} quiere usar su cuenta de CareCircle',
    consentIntro: 'Si lo permite, {client} podrá:',
    consentThirdParty:
      'CareCircle no ha creado {client}. Permítalo solo si confía en esta aplicación con esta información.',
    consentReturnTo: 'Después de responder volverá a {host}.',
    allow: 'Permitir',
    deny: 'No permitir',
    logoutTitle: '¿Cerrar sesión en CareCircle?',
    logoutYes: 'Cerrar sesión',
    logoutNo: 'Seguir con la sesión',
    signedOutTitle: 'Ha cerrado sesión',
    signedOutBody: 'Puede cerrar esta página o volver a iniciar sesión.',
    errorTitle: 'No se pudo continuar con el inicio de sesión',
    errorBody: 'Algo no estaba bien en la solicitud. Vuelva a CareCircle e inténtelo de nuevo.',
    backHome: 'Volver a CareCircle',
  },
} satisfies Record<PageLocale, Record<string, string>>;

export type PageStrings = (typeof strings)['en'];

export function pageStrings(locale: PageLocale): PageStrings {
  return strings[locale];
}

/** Picks en/es from `ui_locales` or Accept-Language. */
export function pageLocale(
  uiLocales: string | undefined,
  acceptLanguage: string | undefined,
): PageLocale {
  const tags = [
    ...(uiLocales?.split(' ') ?? []),
    ...(acceptLanguage?.split(',').map((p) => p.split(';')[0]!.trim()) ?? []),
  ];
  for (const tag of tags) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

export { escapeHtml };

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}

export function layout(locale: PageLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · CareCircle</title>
<link rel="stylesheet" href="/oidc-assets/auth.css">
</head>
<body>
<main class="card">
<p class="brand">CareCircle</p>
${body}
</main>
</body>
</html>`;
}

export function loginPage(opts: {
  locale: PageLocale;
  action: string;
  email?: string;
  error?: string;
  signUpUrl: string;
  forgotUrl: string;
}): string {
  const t = pageStrings(opts.locale);
  const error = opts.error
    ? `<p class="error" role="alert" id="form-error">${escapeHtml(opts.error)}</p>`
    : '';
  const described = opts.error ? ' aria-describedby="form-error" aria-invalid="true"' : '';
  return layout(
    opts.locale,
    t.signInTitle,
    `<h1>${escapeHtml(t.signInTitle)}</h1>
${error}
<form method="post" action="${escapeHtml(opts.action)}" novalidate>
<label for="email">${escapeHtml(t.email)}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? '')}"${described}${opts.email ? '' : ' autofocus'}>
<label for="password">${escapeHtml(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${opts.email ? ' autofocus' : ''}>
<button type="submit">${escapeHtml(t.signIn)}</button>
</form>
<p><a href="${escapeHtml(opts.forgotUrl)}">${escapeHtml(t.forgot)}</a></p>
<p>${escapeHtml(t.noAccount)} <a href="${escapeHtml(opts.signUpUrl)}">${escapeHtml(t.createAccount)}</a></p>`,
  );
}

/**
 * The consent screen of a third-party app: what it may do, one plain sentence per permission
 * (`permissions`, already in the person's language), and where the answer sends them back to.
 */
export function consentPage(opts: {
  locale: PageLocale;
  action: string;
  client: string;
  permissions: string[];
  thirdParty?: boolean;
  returnHost?: string;
}): string {
  const t = pageStrings(opts.locale);
  const client = { client: opts.client };
  const notes = [
    opts.thirdParty ? `<p>${escapeHtml(fill(t.consentThirdParty, client))}</p>` : '',
    opts.returnHost
      ? `<p>${escapeHtml(fill(t.consentReturnTo, { host: opts.returnHost }))}</p>`
      : '',
  ].join('');
  return layout(
    opts.locale,
    fill(t.consentTitle, client),
    `<h1>${escapeHtml(fill(t.consentTitle, client))}</h1>
<p id="consent-intro">${escapeHtml(fill(t.consentIntro, client))}</p>
<ul aria-labelledby="consent-intro">${opts.permissions.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${notes}
<form method="post" action="${escapeHtml(opts.action)}">
<button type="submit" name="decision" value="allow">${escapeHtml(t.allow)}</button>
<button type="submit" name="decision" value="deny" class="secondary">${escapeHtml(t.deny)}</button>
</form>`,
  );
}

export function messagePage(
  locale: PageLocale,
  title: string,
  body: string,
  homeUrl: string,
): string {
  const t = pageStrings(locale);
  return layout(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(homeUrl)}">${escapeHtml(t.backHome)}</a></p>`,
  );
}

/**
 * The sign-out confirmation. `providerForm` is oidc-provider's own `<form>` with its anti-CSRF
 * field; the buttons go inside it, so it is submitted without any script.
 */
export function logoutPage(locale: PageLocale, providerForm: string): string {
  const t = pageStrings(locale);
  const buttons = `<button type="submit" name="logout" value="yes">${escapeHtml(t.logoutYes)}</button>
<button type="submit" class="secondary">${escapeHtml(t.logoutNo)}</button>`;
  return layout(
    locale,
    t.logoutTitle,
    `<h1>${escapeHtml(t.logoutTitle)}</h1>\n${providerForm.replace('</form>', `${buttons}</form>`)}\n<script src="/oidc-assets/logout.js"></script>`,
  );
}

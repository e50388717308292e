import type { MailMessage } from '../platform/mail.ts';

const texts = {
  en: {
    subject: 'Your CareCircle provider account is verified',
    lines: (name: string, url: string) => [
      `Hello ${name},`,
      'A CareCircle admin has checked your details. Your provider account is now active, and patients can find you.',
      `Sign in here: ${url}`,
      '— CareCircle',
    ],
  },
  es: {
    subject: 'Su cuenta de profesional en CareCircle está verificada',
    lines: (name: string, url: string) => [
      `Hola, ${name}:`,
      'Un administrador de CareCircle revisó sus datos. Su cuenta de profesional ya está activa y los pacientes pueden encontrarle.',
      `Inicie sesión aquí: ${url}`,
      '— CareCircle',
    ],
  },
} as const;

/** Tells a provider that an admin verified them, in their language. */
export function providerVerifiedEmail(
  to: { email: string; name: string; locale: string },
  publicUrl: string,
): MailMessage {
  const t = texts[to.locale === 'es' ? 'es' : 'en'];
  return {
    to: to.email,
    subject: t.subject,
    text: `${t.lines(to.name, `${publicUrl}/`).join('\n\n')}\n`,
  };
}

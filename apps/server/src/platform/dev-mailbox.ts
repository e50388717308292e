import express, { type Router } from 'express';
import type { Generated } from 'kysely';
import type { Db } from './db.ts';
import { escapeHtml } from './html.ts';

export interface DevMailboxTable {
  id: Generated<string>;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: Generated<Date>;
}

declare module './db.ts' {
  interface Database {
    dev_mailbox: DevMailboxTable;
  }
}

export async function storeDevMail(
  db: Db,
  message: { to: string; from: string; subject: string; text: string; html?: string },
): Promise<void> {
  await db
    .insertInto('dev_mailbox')
    .values({
      to_address: message.to,
      from_address: message.from,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html ?? null,
    })
    .execute();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Escapes text and turns http(s) links into anchors, so a verification link can be clicked. */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · CareCircle development mailbox</title>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * The development mailbox: every e-mail CareCircle would have sent, newest first. Plain
 * server-rendered HTML with no scripts or inline styles, so the strict CSP holds. Mounted only
 * outside production and only when no SMTP_URL is set (see http.ts).
 */
export function devMailbox(db: Db): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/', async (_req, res) => {
    const rows = await db
      .selectFrom('dev_mailbox')
      .select(['id', 'to_address', 'subject', 'created_at'])
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    const items = rows
      .map(
        (r) =>
          `<li><a href="/dev/mailbox/${r.id}">${escapeHtml(r.subject)}</a> — to ${escapeHtml(r.to_address)}, <time datetime="${r.created_at.toISOString()}">${r.created_at.toISOString()}</time></li>`,
      )
      .join('\n');
    res.type('html').send(
      page(
        'Mailbox',
        `<h1>Development mailbox</h1>
<p>E-mail that CareCircle would have sent. Set SMTP_URL to send real e-mail instead. This page never exists in production.</p>
${rows.length ? `<ol>\n${items}\n</ol>` : '<p>No e-mail yet. Sign up or ask for a password reset, then reload this page.</p>'}`,
      ),
    );
  });

  router.get('/:id', async (req, res, next) => {
    const id = req.params.id;
    if (!UUID.test(id)) {
      next();
      return;
    }
    const row = await db
      .selectFrom('dev_mailbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) {
      res.status(404).type('html').send(page('Not found', '<h1>No such e-mail</h1>'));
      return;
    }
    res.type('html').send(
      page(
        row.subject,
        `<p><a href="/dev/mailbox">← All e-mail</a></p>
<h1>${escapeHtml(row.subject)}</h1>
<dl>
<dt>From</dt><dd>${escapeHtml(row.from_address)}</dd>
<dt>To</dt><dd>${escapeHtml(row.to_address)}</dd>
<dt>Sent</dt><dd><time datetime="${row.created_at.toISOString()}">${row.created_at.toISOString()}</time></dd>
</dl>
<pre>${linkify(row.text_body)}</pre>`,
      ),
    );
  });
  return router;
}

import type { TFunction } from 'i18next';
import type { HealthConnection } from '@carecircle/core';

type T = TFunction<['common', 'web']>;

/** Records added by a finished import, over all types. */
export function addedCount(connection: HealthConnection): number {
  return Object.values(connection.summary?.added ?? {}).reduce((sum, n) => sum + n, 0);
}

/** The connection's state in words: "Importing… 12 records fetched", "Done: 10 added, …". */
export function statusText(connection: HealthConnection, t: T): string {
  switch (connection.status) {
    case 'authorizing':
      return t('web:connect.status.authorizing');
    case 'importing':
      return t('web:connect.status.importing', { count: connection.fetched });
    case 'done':
      return t('web:connect.status.done', {
        added: addedCount(connection),
        duplicates: connection.summary?.duplicates ?? 0,
      });
    case 'failed':
      return connection.error
        ? t('web:connect.status.failed', { reason: connection.error })
        : t('web:connect.status.failedNoReason');
  }
}

/**
 * What to announce for the newest connection. It changes with the status only (not with each
 * record fetched), so screen readers hear "Importing…" once and then "Done".
 */
export function announcement(connection: HealthConnection | undefined, t: T): string {
  if (!connection) return '';
  const name = connection.healthSystem.name;
  switch (connection.status) {
    case 'authorizing':
      return t('web:connect.announce.authorizing', { name });
    case 'importing':
      return t('web:connect.announce.importing', { name });
    case 'done':
      return t('web:connect.announce.done', {
        name,
        added: addedCount(connection),
        duplicates: connection.summary?.duplicates ?? 0,
      });
    case 'failed':
      return t('web:connect.announce.failed', { name });
  }
}

/** Newest first. */
export function newestFirst(items: readonly HealthConnection[]): HealthConnection[] {
  return [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

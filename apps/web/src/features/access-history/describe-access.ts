import type { TFunction } from 'i18next';
import type { AccessHistoryEntry, Locale } from '@carecircle/core';
import { formatDateTime } from '../../lib/format-date.ts';

const THINGS = ['appointments', 'records', 'medications', 'messages'] as const;

/** "Sofia Alvarez (caring for you) viewed your appointments · Tue 3 Dec, 9:30". */
export function describeAccess(e: AccessHistoryEntry, t: TFunction<'web'>, locale: Locale): string {
  const who = e.actorIsYou
    ? t('accessHistory.you')
    : !e.actor
      ? t('accessHistory.someone')
      : e.actingForYou
        ? t('accessHistory.caringForYou', { name: e.actor.name })
        : e.actor.name;
  const [area = '', verb = ''] = e.action.split('.');
  const thing = (THINGS as readonly string[]).includes(area)
    ? t(`accessHistory.things.${area as (typeof THINGS)[number]}`)
    : t('accessHistory.things.data');
  const what =
    verb === 'read' || verb === 'list'
      ? t('accessHistory.what.read', { thing })
      : ['create', 'update', 'write', 'delete', 'cancel', 'book'].includes(verb)
        ? t('accessHistory.what.write', { thing })
        : t('accessHistory.what.other', { action: e.action });
  return t('accessHistory.line', {
    who,
    what,
    when: formatDateTime(new Date(e.occurredAt), { locale }),
  });
}

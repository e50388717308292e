import { useTranslation } from 'react-i18next';
import { Alert, Button, IconRefresh } from '../../ui/index.ts';
import { errorMessage } from './error-message.ts';

/** The part of a failed query the alert needs (any TanStack query result fits). */
export interface FailedQuery {
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** A query that failed: `title`, the reason in plain words and a retry button. */
export function QueryErrorAlert({ title, query }: { title: string; query: FailedQuery }) {
  const { t } = useTranslation(['common', 'web']);
  return (
    <Alert
      tone="error"
      title={title}
      action={
        <Button
          variant="secondary"
          icon={<IconRefresh />}
          disabled={query.isFetching}
          onClick={() => void query.refetch()}
        >
          {t('common.retry')}
        </Button>
      }
    >
      <p>{errorMessage(query.error, t)}</p>
    </Alert>
  );
}

import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useImportBundle, useRecordSummaryQuery } from '@carecircle/client';
import { MAX_IMPORT_BYTES, type ImportSummary } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, ButtonLink, LoadingState, TextField } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';
import { problemDetail } from '../practice/problem-fields.ts';
import { FileField } from './FileField.tsx';
import { BackToRecord, RecordsFrame } from './RecordsFrame.tsx';
import { formatSize } from './record-format.ts';
import './records.css';

/** Import a FHIR Bundle (JSON) from another portal: read here first, then sent as a whole. */
export function ImportPage() {
  const { t } = useTranslation(['common', 'web']);
  return (
    <RecordsFrame title={t('web:records.import.title')} intro={t('web:records.import.intro')}>
      <Import />
    </RecordsFrame>
  );
}

/** Reads a file as a FHIR Bundle, or says in words why it is not one. */
export async function readBundle(
  file: File,
): Promise<{ bundle: Record<string, unknown> } | { error: 'notJson' | 'notBundle' }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    return { error: 'notJson' };
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    (parsed as { resourceType?: unknown }).resourceType !== 'Bundle'
  ) {
    return { error: 'notBundle' };
  }
  return { bundle: parsed as Record<string, unknown> };
}

function Import() {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const summary = useRecordSummaryQuery();
  const importBundle = useImportBundle();
  const fileRef = useRef<HTMLDivElement>(null);
  const resultId = useId();
  const [file, setFile] = useState<File>();
  const [source, setSource] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [result, setResult] = useState<ImportSummary>();
  const max = formatSize(MAX_IMPORT_BYTES, locale);

  if (summary.isPending) return <LoadingState label={t('web:records.loading')} />;
  if (summary.isError) return <QueryErrorAlert title={t('web:records.failed')} query={summary} />;
  if (!summary.data.access.write) {
    return (
      <>
        <Alert tone="info" title={t('web:records.shared.readOnly')} />
        <BackToRecord patientId={undefined} />
      </>
    );
  }

  const showFileError = (message: string) => {
    setFileError(message);
    requestAnimationFrame(() => fileRef.current?.querySelector<HTMLElement>('input')?.focus());
  };

  const submit = async () => {
    setResult(undefined);
    importBundle.reset();
    if (!file) return showFileError(t('web:records.import.chooseFile'));
    if (file.size > MAX_IMPORT_BYTES) {
      return showFileError(
        t('web:records.import.tooLarge', { size: formatSize(file.size, locale), max }),
      );
    }
    const read = await readBundle(file);
    if ('error' in read) return showFileError(t(`web:records.import.${read.error}`));
    setFileError(undefined);
    importBundle.mutate(
      { bundle: read.bundle, source: source.trim() || file.name },
      {
        onSuccess: (done) => {
          setResult(done);
          requestAnimationFrame(() => document.getElementById(resultId)?.focus());
        },
      },
    );
  };

  const serverErrors =
    importBundle.error instanceof ApiError ? (importBundle.error.problem.errors ?? []) : [];
  return (
    <>
      <form
        className="record-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {importBundle.isError ? (
          <Alert tone="error" title={t('web:records.import.failed')}>
            <p>{problemDetail(importBundle.error)}</p>
            {serverErrors.length > 0 ? (
              <ul>
                {serverErrors.map((e, i) => (
                  <li key={i}>
                    {e.path.replace(/^(body|query)\.?/, '') || 'Bundle'}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
        <div ref={fileRef}>
          <FileField
            label={t('web:records.import.file')}
            description={t('web:records.import.fileHint', { max })}
            error={fileError}
            accept=".json,application/json,application/fhir+json"
            onFile={(f) => {
              setFile(f);
              setFileError(undefined);
            }}
          />
        </div>
        <TextField
          label={`${t('web:records.import.source')} ${t('web:records.add.optional')}`}
          description={t('web:records.import.sourceHint')}
          value={source}
          maxLength={200}
          onChange={(e) => setSource(e.target.value)}
        />
        <div>
          <Button type="submit" disabled={importBundle.isPending}>
            {importBundle.isPending
              ? t('web:records.import.importing')
              : t('web:records.import.submit')}
          </Button>
        </div>
      </form>
      {result ? (
        <div id={resultId} tabIndex={-1} className="record-result">
          <ImportResult result={result} />
        </div>
      ) : null}
      <BackToRecord patientId={undefined} />
    </>
  );
}

function ImportResult({ result }: { result: ImportSummary }) {
  const { t } = useTranslation(['common', 'web']);
  const added = Object.entries(result.added).filter(([, n]) => n > 0);
  return (
    <Alert
      tone="success"
      title={t('web:records.import.done')}
      action={
        <ButtonLink to="/records" variant="secondary">
          {t('web:records.import.see')}
        </ButtonLink>
      }
    >
      <p>{t('web:records.import.source_label', { source: result.source })}</p>
      {added.length > 0 ? (
        <>
          <p>{t('web:records.import.addedTitle')}</p>
          <ul>
            {added.map(([type, count]) => (
              <li key={type}>
                {t('web:records.import.addedItem', {
                  type: t(
                    `web:records.import.types.${type}` as 'web:records.import.types.Condition',
                    {
                      defaultValue: type,
                    },
                  ),
                  count,
                })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('web:records.import.nothingAdded')}</p>
      )}
      {result.duplicates > 0 ? (
        <p>{t('web:records.import.duplicates', { count: result.duplicates })}</p>
      ) : null}
      {result.ignored > 0 ? (
        <p>{t('web:records.import.ignored', { count: result.ignored })}</p>
      ) : null}
    </Alert>
  );
}

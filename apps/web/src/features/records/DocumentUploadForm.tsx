import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useUploadDocument } from '@carecircle/client';
import { DOCUMENT_CONTENT_TYPES, MAX_DOCUMENT_BYTES, type RecordEntry } from '@carecircle/core';
import { usePreferences } from '../../lib/preferences.tsx';
import { Alert, Button, Heading, TextField } from '../../ui/index.ts';
import { problemDetail, useFocusFirstInvalid } from '../practice/problem-fields.ts';
import { FileField } from './FileField.tsx';
import { formatSize, localDay } from './record-format.ts';

type Field = 'file' | 'title' | 'date';

const byExtension: Record<string, (typeof DOCUMENT_CONTENT_TYPES)[number]> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
};

/** The file's type as the browser says it, or from its extension when the browser does not. */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  return byExtension[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? '';
}

/** Upload a document: checked here for size and type first, then the server checks the bytes. */
export function DocumentUploadForm({
  patientId,
  onUploaded,
}: {
  patientId?: string;
  onUploaded: (entry: RecordEntry) => void;
}) {
  const { t } = useTranslation(['common', 'web']);
  const { locale } = usePreferences();
  const headingId = useId();
  const { formRef, focusInvalid } = useFocusFirstInvalid();
  const [file, setFile] = useState<File>();
  const [inputKey, setInputKey] = useState(0);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(() => localDay());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const upload = useUploadDocument(patientId);
  const max = formatSize(MAX_DOCUMENT_BYTES, locale);

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    // A title to start from: the file's name without its extension.
    if (chosen && !title.trim()) setTitle(chosen.name.replace(/\.[^.]+$/, ''));
  };

  const fail = (found: Partial<Record<Field, string>>) => {
    setErrors(found);
    focusInvalid();
  };

  const submit = () => {
    const found: Partial<Record<Field, string>> = {};
    const contentType = file ? contentTypeOf(file) : '';
    if (!file) found.file = t('web:records.documents.upload.chooseFile');
    else if (!(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(contentType)) {
      found.file = t('web:records.documents.upload.wrongType');
    } else if (file.size > MAX_DOCUMENT_BYTES) {
      found.file = t('web:records.documents.upload.tooLarge', {
        size: formatSize(file.size, locale),
        max,
      });
    }
    if (!title.trim()) found.title = t('web:records.add.errors.required');
    else if (title.trim().length > 200) found.title = t('web:records.add.errors.tooLong');
    if (Object.keys(found).length > 0 || !file) return fail(found);
    setErrors({});
    upload.mutate(
      { file, contentType, title: title.trim(), date: date || undefined },
      {
        onSuccess: (entry) => {
          setFile(undefined);
          setTitle('');
          setInputKey((k) => k + 1);
          onUploaded(entry);
        },
        onError: (error) => {
          const fromServer: Partial<Record<Field, string>> = {};
          if (error instanceof ApiError) {
            if (error.status === 413) {
              fromServer.file = t('web:records.documents.upload.serverTooLarge', { max });
            } else if (error.status === 415) {
              fromServer.file = t('web:records.documents.upload.serverWrongType');
            }
            for (const e of error.problem.errors ?? []) {
              const field = e.path.replace(/^(query|body)\./, '');
              if (field === 'title' || field === 'date') fromServer[field] ??= e.message;
            }
          }
          fail(fromServer);
        },
      },
    );
  };

  const serverSaid =
    upload.isError &&
    !(upload.error instanceof ApiError && [413, 415].includes(upload.error.status))
      ? problemDetail(upload.error)
      : undefined;
  return (
    <section aria-labelledby={headingId} className="record-panel">
      <Heading level={2} id={headingId}>
        {t('web:records.documents.upload.title')}
      </Heading>
      <form
        ref={formRef}
        className="record-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {upload.isError ? (
          <Alert tone="error" title={t('web:records.documents.upload.failed')}>
            {serverSaid ? <p>{serverSaid}</p> : null}
          </Alert>
        ) : null}
        <FileField
          key={inputKey}
          label={t('web:records.documents.upload.file')}
          description={t('web:records.documents.upload.fileHint', { max })}
          error={errors.file}
          accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain"
          onFile={choose}
        />
        <TextField
          label={t('web:records.documents.upload.docTitle')}
          description={t('web:records.documents.upload.docTitleHint')}
          value={title}
          error={errors.title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextField
          label={`${t('web:records.documents.upload.date')} ${t('web:records.add.optional')}`}
          type="date"
          value={date}
          error={errors.date}
          onChange={(e) => setDate(e.target.value)}
        />
        <div>
          <Button type="submit" disabled={upload.isPending}>
            {upload.isPending
              ? t('web:records.documents.upload.uploading')
              : t('web:records.documents.upload.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentContentQuery } from '@carecircle/client';
import type { RecordEntry } from '@carecircle/core';
import { LoadingState } from '../../ui/index.ts';
import { QueryErrorAlert } from '../booking/QueryErrorAlert.tsx';

type StoredDocument = NonNullable<RecordEntry['document']>;

const extensions: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'text/plain': '.txt',
};

/** The name a download is saved as: the title with the type's extension. */
export function fileNameOf(document: StoredDocument): string {
  const ext = extensions[document.contentType] ?? '';
  const base = document.title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'document';
  return base.toLowerCase().endsWith(ext) ? base : base + ext;
}

/**
 * A document shown in the page: images inline, PDFs in a frame, text as text, always with a
 * download link. The bytes are fetched with the access token (a plain `src=` URL could not
 * carry it) into an object URL, revoked when the preview goes away.
 */
export function DocumentPreview({
  document,
  patientId,
}: {
  document: StoredDocument;
  patientId?: string;
}) {
  const { t } = useTranslation(['common', 'web']);
  const content = useDocumentContentQuery(document.id, patientId);
  const blob = content.data;
  const [text, setText] = useState<string>();
  const containerRef = useRef<HTMLDivElement>(null);

  // The object URL lives as long as the preview shows this blob: made here, given to the
  // elements that show or download it, revoked when the blob changes or the preview goes.
  useEffect(() => {
    if (!blob) return;
    const objectUrl = URL.createObjectURL(blob);
    for (const el of containerRef.current?.querySelectorAll('[data-object-url]') ?? []) {
      el.setAttribute(el.tagName === 'A' ? 'href' : 'src', objectUrl);
    }
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  useEffect(() => {
    if (!blob || document.contentType !== 'text/plain') return;
    let live = true;
    void blob.text().then((value) => {
      if (live) setText(value);
    });
    return () => {
      live = false;
    };
  }, [blob, document.contentType]);

  if (content.isPending) return <LoadingState label={t('web:records.documents.previewLoading')} />;
  if (content.isError) {
    return <QueryErrorAlert title={t('web:records.documents.previewFailed')} query={content} />;
  }
  if (!blob) return null;
  const name = t('web:records.documents.previewOf', { title: document.title });
  const type = document.contentType;
  return (
    <div className="record-preview" ref={containerRef}>
      {type === 'image/png' || type === 'image/jpeg' ? (
        <img data-object-url alt={name} />
      ) : type === 'application/pdf' ? (
        <iframe data-object-url title={name} />
      ) : type === 'text/plain' && text !== undefined ? (
        <pre aria-label={name} tabIndex={0}>
          {text}
        </pre>
      ) : null}
      <p>
        <a data-object-url href="#" download={fileNameOf(document)}>
          {t('web:records.documents.download', { title: document.title })}
        </a>
      </p>
    </div>
  );
}

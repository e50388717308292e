import type { ReactNode } from 'react';
import { usePageTitle } from '../lib/use-page-title.ts';
import { PageHeader } from '../ui/index.ts';

/** The frame every area page shares: document title, the focusable h1, an intro line. */
export function AreaPage({
  title,
  pageName = title,
  intro,
  children,
}: {
  title: string;
  /** Name in the browser tab ("<pageName> · CareCircle"); the title when left out. */
  pageName?: string;
  intro?: string;
  children: ReactNode;
}) {
  usePageTitle(pageName);
  return (
    <>
      <PageHeader title={title} description={intro} />
      {children}
    </>
  );
}

export type ChartSection = 'summary' | 'results' | 'timeline' | 'add';

/** A provider's chart of a patient, at one of its sections. */
export const chartPath = (patientId: string, section: ChartSection = 'summary') =>
  `/practice/patients/${encodeURIComponent(patientId)}${section === 'summary' ? '' : `/${section}`}`;

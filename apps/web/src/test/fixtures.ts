import type { ProviderSummary } from '@carecircle/core';

export const okafor: ProviderSummary = {
  id: '3f1c2a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c',
  name: 'Dr. Amara Okafor',
  specialty: 'Orthopaedic surgery',
  languages: ['en', 'es'],
  modalities: ['in_person', 'video'],
  location: {
    name: 'Riverside Clinic',
    address: '12 River Road, Springfield',
    timeZone: 'America/New_York',
  },
  bio: 'Knee and hip surgeon.',
};

export const chen: ProviderSummary = {
  id: '5a2b3c4d-1e2f-4a5b-8c6d-7e8f9a0b1c2d',
  name: 'Dr. Wei Chen',
  specialty: 'Endocrinology',
  languages: ['en', 'zh'],
  modalities: ['in_person', 'phone'],
  location: {
    name: 'Hillside Health Centre',
    address: '4 Hill Street, Springfield',
    timeZone: 'America/New_York',
  },
  bio: 'Diabetes and thyroid care.',
};

export const providers: ProviderSummary[] = [okafor, chen];

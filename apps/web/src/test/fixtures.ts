import type { ProviderListItem } from '@carecircle/core';

export const okafor: ProviderListItem = {
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
  appointmentTypes: [
    {
      id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      name: 'First visit',
      durationMinutes: 30,
      modality: 'in_person',
    },
    {
      id: '8d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a',
      name: 'Video follow-up',
      durationMinutes: 15,
      modality: 'video',
    },
  ],
  nextAvailable: '2026-12-01T09:30:00-05:00',
};

export const chen: ProviderListItem = {
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
  appointmentTypes: [
    {
      id: '9e3f4a5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b',
      name: 'Diabetes review',
      durationMinutes: 30,
      modality: 'phone',
    },
  ],
  nextAvailable: null,
};

export const providers: ProviderListItem[] = [okafor, chen];

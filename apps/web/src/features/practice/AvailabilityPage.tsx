import { useTranslation } from 'react-i18next';
import type { ProviderSummary } from '@carecircle/core';
import { useAvailabilityQuery } from '@carecircle/client';
import { Alert, Button, LoadingState } from '../../ui/index.ts';
import { AppointmentTypesEditor } from './AppointmentTypesEditor.tsx';
import { localDateOf } from './clinic-time.ts';
import { DateOverridesEditor } from './DateOverridesEditor.tsx';
import { PracticeFrame } from './PracticeFrame.tsx';
import { TimeOffEditor } from './TimeOffEditor.tsx';
import { WeeklyHoursEditor } from './WeeklyHoursEditor.tsx';

/** /practice/availability: weekly hours, special dates, time off and appointment types. */
export function AvailabilityPage() {
  return (
    <PracticeFrame section="availability">
      {(profile) => <Availability profile={profile} />}
    </PracticeFrame>
  );
}

function Availability({ profile }: { profile: ProviderSummary }) {
  const { t } = useTranslation('web');
  const availability = useAvailabilityQuery();
  const timeZone = availability.data?.timeZone ?? profile.location.timeZone;
  return (
    <div className="practice-stack">
      {availability.isPending && <LoadingState label={t('practice.availability.loading')} />}
      {availability.isError && (
        <Alert
          tone="error"
          title={t('practice.availability.failed')}
          action={
            <Button variant="secondary" onClick={() => void availability.refetch()}>
              {t('practice.retry')}
            </Button>
          }
        />
      )}
      {availability.data && (
        <>
          <WeeklyHoursEditor weeklyHours={availability.data.weeklyHours} />
          <DateOverridesEditor
            overrides={availability.data.overrides}
            today={localDateOf(new Date(), timeZone)}
          />
          <TimeOffEditor timeOff={availability.data.timeOff} timeZone={timeZone} />
        </>
      )}
      <AppointmentTypesEditor />
    </div>
  );
}

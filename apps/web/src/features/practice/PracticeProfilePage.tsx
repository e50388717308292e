import { PracticeFrame } from './PracticeFrame.tsx';
import { PracticeProfileForm } from './PracticeProfileForm.tsx';

/** /practice/profile: what patients see (specialty, languages, visits, bio, clinic). */
export function PracticeProfilePage() {
  return (
    <PracticeFrame section="profile">
      {(profile) => <PracticeProfileForm profile={profile} />}
    </PracticeFrame>
  );
}

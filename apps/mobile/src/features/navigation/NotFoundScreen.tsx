import { useRouter } from 'expo-router';
import { useTranslation } from 'react-i18next';
import { AppText } from '../../ui/AppText';
import { Button } from '../../ui/Button';
import { Screen } from '../../ui/Screen';

/** Shown for an unknown deep link, e.g. an old carecircle:// URL. */
export function NotFoundScreen() {
  const { t } = useTranslation();
  const router = useRouter();
  return (
    <Screen>
      <AppText variant="title">{t('common.notFoundTitle')}</AppText>
      <AppText>{t('common.notFoundBody')}</AppText>
      <Button label={t('common.goHome')} onPress={() => router.replace('/')} />
    </Screen>
  );
}

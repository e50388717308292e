import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAdminRoles } from './use-admin-roles.ts';

/** "Admin" in the header, only for admins and auditors. */
export function AdminNavLink() {
  const { t } = useTranslation('web');
  const { isAdmin, isAuditor } = useAdminRoles();
  if (!isAdmin && !isAuditor) return null;
  return (
    <NavLink to={isAdmin ? '/admin' : '/admin/audit'} className="app-header__admin">
      {t('adminArea.nav')}
    </NavLink>
  );
}

// First start creates `admin` with a generated password, printed once. With ADMIN_PASSWORD set, every start
// (re)sets the admin's password to it.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Users } from './users';

export async function ensureAdmin(users: Users, log: Logger, adminPassword?: string): Promise<{ created: boolean; password?: string }> {
  const admin = await users.byUsername('admin');
  if (!admin) {
    const password = adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await users.create({ username: 'admin', password, role: 'admin', displayName: 'Administrator' });
    } catch (err) {
      // another node created it first
      if (!/duplicate key|unique/i.test((err as Error).message)) throw err;
      return { created: false };
    }
    log.info('created the admin account');
    return { created: true, password: adminPassword ? undefined : password };
  }
  // only when it differs: setting it ends the admin's sessions (and every node of a cluster runs this)
  if (adminPassword && (await users.check('admin', adminPassword))?.role !== 'admin') {
    await users.update(admin.id, { password: adminPassword, disabled: false, role: 'admin' });
    log.info('admin password set from ADMIN_PASSWORD');
  }
  return { created: false };
}

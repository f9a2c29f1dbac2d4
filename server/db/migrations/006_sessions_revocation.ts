// Revocable sessions: a per-user token version (bumped when an account is disabled or its role, territory,
// organisations or password change; access tokens carry it), and sessions — one per login, the family of its
// rotating refresh tokens — that logout, a password reset or a reused refresh token revoke as a whole.
import type { Migration } from '../migration';

export const m006: Migration = {
  version: 6,
  name: 'sessions revocation',
  statements: () => [
    `ALTER TABLE users ADD COLUMN IF NOT EXISTS token_version integer NOT NULL DEFAULT 0`,
    `CREATE TABLE IF NOT EXISTS auth_sessions (
       id text PRIMARY KEY,
       user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
       created_at timestamptz NOT NULL DEFAULT now(),
       revoked_at timestamptz)`,
    `CREATE INDEX IF NOT EXISTS auth_sessions_user ON auth_sessions (user_id) WHERE revoked_at IS NULL`,
    `ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS session_id text`,
    `CREATE INDEX IF NOT EXISTS refresh_tokens_session ON refresh_tokens (session_id)`,
    `CREATE INDEX IF NOT EXISTS refresh_tokens_user ON refresh_tokens (user_id) WHERE revoked_at IS NULL`,
  ],
};

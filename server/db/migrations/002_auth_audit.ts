// Accounts, sessions, wall-screen tokens, shared settings, and the append-only, hash-chained audit log.
import type { Migration } from '../migration';

export const m002: Migration = {
  version: 2,
  name: 'auth_audit',
  statements: () => [
    `CREATE TABLE IF NOT EXISTS settings (key text PRIMARY KEY, value text NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS users (
       id bigserial PRIMARY KEY,
       username text NOT NULL UNIQUE,
       display_name text,
       password_hash text NOT NULL,
       role text NOT NULL,
       districts text[],
       organisations text[] NOT NULL DEFAULT '{}',
       disabled boolean NOT NULL DEFAULT false,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE TABLE IF NOT EXISTS refresh_tokens (
       hash text PRIMARY KEY,
       user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
       expires_at timestamptz NOT NULL,
       revoked_at timestamptz)`,
    `CREATE TABLE IF NOT EXISTS wall_tokens (
       id text PRIMARY KEY,
       name text NOT NULL,
       districts text[],
       created_by text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       revoked_at timestamptz)`,
    `CREATE TABLE IF NOT EXISTS audit_log (
       seq bigserial PRIMARY KEY,
       at timestamptz NOT NULL DEFAULT now(),
       actor text NOT NULL,
       role text,
       action text NOT NULL,
       target text,
       ip text,
       entry text NOT NULL,
       prev_hash text NOT NULL,
       hash text NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at DESC)`,
    `CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor, at DESC)`,
    `CREATE OR REPLACE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
    `DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log`,
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_immutable()`,
    `DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable()`,
  ],
};

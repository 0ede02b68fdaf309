-- YOT Desktop on PostgreSQL: least privilege (issue 12, point 6). README: "PostgreSQL roles".
--
-- Two roles:
--   yot_owner  owns the database, its schema, tables and triggers. Used only for
--              `init` and `db upgrade` (migrations). Never the app's everyday login.
--   yot_app    the login the app uses every day. Owns nothing: it can read and write case
--              data, but it can only add to the audit trail (audit_log, audit_chain), so it
--              cannot drop or disable the audit triggers, set session_replication_role, or
--              rewrite or delete the trail.
--
-- Run it as a superuser (e.g. postgres), connected to the app's database:
--
--     psql -h HOST -U postgres -d yot -v ON_ERROR_STOP=1 -f scripts/postgres_roles.sql
--
-- first once before `init` (it creates the roles and hands the database to yot_owner), and
-- again after every `db upgrade` (tables added by an upgrade get ordinary rights by default;
-- running it again takes UPDATE and DELETE off any new audit table). It can be run any
-- number of times, all or nothing (one transaction). Plain SQL: any client can run it.
-- Other role names: replace yot_owner and yot_app throughout.
-- Passwords are set apart, so they never sit in this file:  \password yot_app
--
-- audit_field_change keeps the before/after values of an edit: personal data, deleted with
-- the young person by retention, so the app may DELETE there, but never UPDATE.

BEGIN;

-- 1. The roles. yot_app may not become yot_owner (NOINHERIT, and no membership).
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'yot_owner') THEN
        CREATE ROLE yot_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'yot_app') THEN
        CREATE ROLE yot_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
            NOINHERIT NOBYPASSRLS;
    END IF;
    IF pg_has_role('yot_app', 'yot_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'yot_app is a member of yot_owner: REVOKE yot_owner FROM yot_app';
    END IF;
END
$roles$;

-- 2. The database, its schema and everything in it belong to yot_owner (tables made by an
--    `init` run as another login are handed over; their sequences go with them).
DO $owner$
DECLARE
    item record;
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO yot_owner', current_database());
    FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER TABLE public.%I OWNER TO yot_owner', item.tablename);
    END LOOP;
    FOR item IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'
          AND NOT EXISTS (SELECT FROM pg_depend d
                          WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER SEQUENCE public.%I OWNER TO yot_owner', item.relname);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS fn FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO yot_owner', item.fn);
    END LOOP;
END
$owner$;
ALTER SCHEMA public OWNER TO yot_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO yot_app;
DO $connect$
BEGIN
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO yot_app', current_database());
END
$connect$;

-- 3. What the app may do: read and write case data ...
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM yot_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM yot_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yot_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO yot_app;
-- ... only add to the audit trail (read it for the audit screen and `audit verify`) ...
DO $audit$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['audit_log', 'audit_chain'] LOOP
        IF to_regclass('public.' || name) IS NOT NULL THEN
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public.%I FROM yot_app', name);
        END IF;
    END LOOP;
    IF to_regclass('public.audit_field_change') IS NOT NULL THEN
        REVOKE UPDATE, TRUNCATE ON public.audit_field_change FROM yot_app;
    END IF;
    -- ... and never change the schema's version: only `db upgrade`, as yot_owner, does.
    IF to_regclass('public.alembic_version') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON public.alembic_version FROM yot_app;
    END IF;
END
$audit$;

-- 4. Tables and sequences a later `db upgrade` adds: ordinary rights until this script runs
--    again (the append-only triggers guard a new audit table meanwhile).
ALTER DEFAULT PRIVILEGES FOR ROLE yot_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO yot_app;
ALTER DEFAULT PRIVILEGES FOR ROLE yot_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO yot_app;

COMMIT;

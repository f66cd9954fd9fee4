-- The two database roles of the MTIGM platform. Run once by the cluster's superuser, connected to
-- the application's database (docker-compose.yml does it through deploy/postgres/init-roles.sh).
--
--   owner: owns the schema and every table; migrations (and createcachetable) run as this role.
--   app:   what web, worker and beat connect as: reads and writes rows, nothing else. It cannot
--          create, alter or drop a table, and it has no TRUNCATE right; the append-only tables
--          also refuse TRUNCATE by trigger, whoever asks.
--
-- psql variables: owner, owner_password, app, app_password.

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;

-- Nobody but the owner creates objects in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"owner";
GRANT USAGE ON SCHEMA public TO :"app";

-- Rows of the tables the owner creates (now and in every later migration), and their sequences.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";

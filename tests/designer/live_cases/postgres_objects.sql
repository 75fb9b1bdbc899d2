CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE booking (id integer PRIMARY KEY, room posint NOT NULL, during tsrange,
  p pair, code text COLLATE "C", total integer GENERATED ALWAYS AS (id * 2) STORED,
  u integer UNIQUE DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
COMMENT ON CONSTRAINT no_overlap ON booking IS 'no double booking';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.code := lower(NEW.code); RETURN NEW; END $$;
COMMENT ON FUNCTION touch() IS 'lower the code';
CREATE TRIGGER booking_touch BEFORE INSERT OR UPDATE ON booking FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE booking ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON booking FOR SELECT TO public USING (room > 1);
CREATE TABLE lp (x integer, k text) PARTITION BY LIST (k);
CREATE TABLE lp_a PARTITION OF lp FOR VALUES IN ('a') PARTITION BY HASH (x);
CREATE TABLE lp_a0 PARTITION OF lp_a FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE lp_a1 PARTITION OF lp_a FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX lp_x ON lp (x);
CREATE VIEW v AS SELECT id, room FROM booking;
CREATE TABLE "q""t" ("c""x" integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('ok', 'meh');
CREATE DOMAIN short_text AS varchar(20) COLLATE "C" DEFAULT 'x' NOT NULL CONSTRAINT not_empty CHECK (VALUE <> '');
CREATE TYPE int_span AS RANGE (subtype = integer);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
CREATE AGGREGATE concat_all(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
CREATE PROCEDURE noop() LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE TABLE fancy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label short_text, m mood DEFAULT 'ok',
  span int_span, r integer REFERENCES booking (id) DEFERRABLE INITIALLY DEFERRED);
ALTER TABLE fancy FORCE ROW LEVEL SECURITY;
ALTER TABLE fancy ENABLE ROW LEVEL SECURITY;
CREATE POLICY writer ON fancy AS RESTRICTIVE FOR INSERT TO public WITH CHECK (add_one(id::integer) > 0);
CREATE MATERIALIZED VIEW mv AS SELECT v.id FROM v;
CREATE INDEX mv_id ON mv (id);
COMMENT ON MATERIALIZED VIEW mv IS 'materialized';
COMMENT ON DOMAIN posint IS 'positive';
COMMENT ON POLICY own ON booking IS 'read own';
COMMENT ON TRIGGER booking_touch ON booking IS 'lower';
CREATE RULE fancy_no_delete AS ON DELETE TO fancy DO INSTEAD NOTHING;
CREATE VIEW v2 WITH (security_barrier = true) AS SELECT * FROM mv;
CREATE TRIGGER fancy_touch AFTER UPDATE ON fancy FOR EACH STATEMENT EXECUTE FUNCTION touch();
ALTER TABLE fancy DISABLE TRIGGER fancy_touch;
CREATE SCHEMA "we.ird";
CREATE TABLE "we.ird"."Mixed Case" ("Col""1" integer, "x`y" text);
GRANT SELECT ON booking TO PUBLIC;
GRANT UPDATE ("c""x") ON "q""t" TO PUBLIC;
REVOKE EXECUTE ON FUNCTION add_one(integer) FROM PUBLIC;

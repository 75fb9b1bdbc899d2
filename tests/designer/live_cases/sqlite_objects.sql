CREATE TABLE "p""q" ("i""d" integer PRIMARY KEY, [na"me] text, `b``c` int);
CREATE TABLE child (x integer REFERENCES "p""q" ("i""d") ON DELETE CASCADE, y text CHECK (y <> ''));
CREATE INDEX child_lower ON child (lower(y));
CREATE TABLE log (what text);
CREATE VIEW "v""w" AS SELECT x FROM child;
CREATE VIEW v2 AS SELECT * FROM "v""w";
CREATE TRIGGER child_ins AFTER INSERT ON child BEGIN INSERT INTO log VALUES ('ins'); END;

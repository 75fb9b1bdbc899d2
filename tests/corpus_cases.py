"""The shared corpus: which files make each schema, in load order, its dialect
and its table count as loaded into a real engine (ground truth: the corpus
README)."""

from __future__ import annotations

MUSICBRAINZ = [f"musicbrainz/{name}.sql" for name in (
    "Extensions", "CreateSearchConfiguration", "CreateCollations", "CreateTypes", "CreateTables",
    "CreateFunctions", "CreatePrimaryKeys", "CreateConstraints", "CreateIndexes", "CreateFKConstraints")]


def omop(folder: str, stem: str) -> list[str]:
    return [f"{folder}/OMOPCDM_{stem}_5.4_{part}.resolved.sql"
            for part in ("ddl", "primary_keys", "constraints", "indices")]


# name: (files, dialect, tables)
CASES: dict[str, tuple[list[str], str, int]] = {
    "musicbrainz": (MUSICBRAINZ, "postgres", 375),
    "synapse-pg": (["synapse-pg/full.sql.postgres"], "postgres", 134),
    "sakila-pg": (["sakila-pg/postgres-sakila-schema.sql"], "postgres", 21),
    "omop-pg": (omop("omop-pg", "postgresql"), "postgres", 39),
    "osm": (["osm/structure.sql"], "postgres", 57),
    "adventureworks-pg": (["adventureworks-pg/install.sql"], "postgres", 68),
    "phabricator": (["phabricator/quickstart.resolved.sql"], "mysql", 519),
    "sakila-mysql": (["sakila-mysql/mysql-sakila-schema.sql"], "mysql", 16),
    "sakila-sqlite": (["sakila-sqlite/sqlite-sakila-schema.sql"], "sqlite", 16),
    "synapse-sqlite": (["synapse-sqlite/full.sql.sqlite"], "sqlite", 142),
    "omop-sqlite": (omop("omop-sqlite", "sqlite"), "sqlite", 39),
    "omop-mssql": (omop("omop-mssql", "sql_server"), "mssql", 39),
    "sakila-mssql": (["sakila-mssql/sql-server-sakila-schema.sql"], "mssql", 16),
}

"""Back up a PostgreSQL database, restore it into a fresh one, and compare every table's rows.

    .venv/bin/python scripts/backup_check.py postgresql://user@host:5432/mentoring [--keep FILE]

It runs ``pg_dump --format=custom`` (what the README's backups use), creates a new database
beside the source, ``pg_restore``s into it, counts the rows of every table in both, drops the
new database, and exits 1 if any count differs. ``--keep`` also keeps the dump file.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url


def libpq_url(url: URL) -> str:
    """The URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def engine_for(url: URL) -> sa.Engine:
    return sa.create_engine(url.set(drivername="postgresql+psycopg"), poolclass=sa.NullPool)


def row_counts(url: URL) -> dict[str, int]:
    """Exact row counts of every table in the public schema."""
    engine = engine_for(url)
    with engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names(schema="public")
        return {
            table: int(connection.scalar(sa.text(f'SELECT count(*) FROM public."{table}"')) or 0)
            for table in sorted(tables)
        }


def differences(source: dict[str, int], restored: dict[str, int]) -> list[str]:
    """Tables whose counts differ, or that exist on one side only, as readable lines."""
    return [
        f"{table}: {source.get(table, 'missing')} in the source, "
        f"{restored.get(table, 'missing')} restored"
        for table in sorted(source.keys() | restored.keys())
        if source.get(table) != restored.get(table)
    ]


def dump(url: URL, target: Path) -> None:
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", libpq_url(url)],
        check=True,
    )


@contextmanager
def fresh_database(url: URL) -> Iterator[URL]:
    """A new empty database on the same server, dropped afterwards."""
    name = f"{url.database}_restore_check_{secrets.token_hex(4)}"
    admin = engine_for(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def restore(dump_file: Path, url: URL) -> None:
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={libpq_url(url)}",
            str(dump_file),
        ],
        check=True,
    )


def check(url: URL, keep: Path | None = None) -> list[str]:
    """Dump, restore into a fresh database, and return the differences (none: a good backup)."""
    with tempfile.TemporaryDirectory() as folder:
        dump_file = Path(folder) / "backup.dump"
        dump(url, dump_file)
        if keep is not None:
            shutil.copyfile(dump_file, keep)
        with fresh_database(url) as restored_url:
            restore(dump_file, restored_url)
            source, restored = row_counts(url), row_counts(restored_url)
    print(f"{len(source)} tables, {sum(source.values())} rows in {url.database}")
    for table, count in source.items():
        print(f"  {table:40} {count:>10} {restored.get(table, 'missing'):>10}")
    return differences(source, restored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--keep", type=Path, help="also keep the dump in this file")
    args = parser.parse_args(argv)
    found = check(make_url(args.database_url), args.keep)
    if found:
        print("The restored database differs:", *found, sep="\n  ")
        return 1
    print("Backup restored with the same rows in every table.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``flask purge-retention``: anonymise people past their programmes' retention period."""

from __future__ import annotations

import click
from flask import Flask

from mentoring.privacy.retention import purge
from mentoring.security.sessions import now as app_now


@click.command("purge-retention")
@click.option("--dry-run", is_flag=True, help="Only list who would be anonymised.")
def purge_retention_command(dry_run: bool) -> None:
    """Anonymise everyone whose enrolments ended longer ago than their programmes keep data."""
    found = purge(app_now().date(), actor_id=None, dry_run=dry_run)
    for person in found:
        when = "invited, never enrolled," if person.never_enrolled else "ended"
        click.echo(
            f"{person.user_id}\t{person.name}\t{when} {person.last_ended_on}\t"
            f"kept until {person.keep_until}\t{', '.join(person.programmes)}"
        )
    verb = "would be anonymised (dry run, nothing changed)" if dry_run else "anonymised"
    click.echo(f"{len(found)} {'person' if len(found) == 1 else 'people'} {verb}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_retention_command)

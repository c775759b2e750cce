"""``flask`` commands for operators."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import force_locale

from mentoring.accounts.password_policy import password_problem
from mentoring.accounts.passwords import hash_password
from mentoring.accounts.services import build_user, find_user_by_email, normalise_email
from mentoring.db import utcnow
from mentoring.demo.seed import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DemoSize,
    demo_exists,
    seed_demo,
)
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.roster.services import import_participants
from mentoring.two_factor import totp
from mentoring.two_factor.services import first_unused_step, rotate_secrets, settings_of
from mentoring.users.roles import Role

# How a newcomer runs a command from the checkout: `flask` alone is not on their PATH.
FLASK_COMMAND = ".venv/bin/flask --app mentoring:create_app"


@click.command("create-admin")
@click.argument("email")
@click.argument("name")
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    try:
        if find_user_by_email(normalise_email(email)) is not None:
            raise click.ClickException("An account with this email exists already.")
        user = build_user(email=email, name=name, roles={Role.ADMIN}, locale="en")
    except DomainError as error:
        raise click.ClickException(error.message) from error
    problem = password_problem(password)
    if problem is not None:
        raise click.ClickException(problem)
    user.password_hash = hash_password(password)
    db.session.commit()
    click.echo(
        f"Created administrator {user.email}. They set up two-factor sign-in when first signing in."
    )


@click.command("seed-demo")
@click.option("--seed", default=42, show_default=True, help="Same seed, same demo.")
@click.option("--if-empty", is_flag=True, help="Do nothing when a programme exists already.")
@click.option("--participants", default=300, show_default=True)
@click.option("--mentors", default=60, show_default=True)
@click.option("--ambassadors", default=12, show_default=True)
@click.option("--employees", default=400, show_default=True, help="Of the workplace programme.")
def seed_demo_command(
    seed: int, if_empty: bool, participants: int, mentors: int, ambassadors: int, employees: int
) -> None:
    """Fill the database with a realistic demo programme."""
    if demo_exists():
        if if_empty:
            click.echo("The database has data already; no demo added.")
            return
        raise click.ClickException("The database has data already; seed an empty database.")
    size = DemoSize(
        participants=participants, mentors=mentors, ambassadors=ambassadors, employees=employees
    )
    seed_demo(seed, size)
    click.echo(f"Demo created. Every demo account's password is {DEMO_PASSWORD!r}:")
    for role, email in DEMO_ACCOUNTS.items():
        click.echo(f"  {role.value:12} {email}")
    click.echo(
        "The participant reads and agrees to the privacy notice at first sign-in. "
        "The administrator, the coordinator and the manager also need a code:"
    )
    click.echo(f"  {FLASK_COMMAND} demo-code EMAIL")


@click.command("demo-code")
@click.argument("email")
def demo_code(email: str) -> None:
    """Print the two-factor code a demo account can sign in with now."""
    email = email.strip().lower()
    user = find_user_by_email(email) if email in DEMO_ACCOUNTS.values() else None
    settings = settings_of(user.id) if user is not None else None
    # Only the demo's published secret: this command must never reveal a real person's codes.
    if settings is None or settings.secret != DEMO_TOTP_SECRET:
        raise click.ClickException(f"{email} is not a demo account with two-factor sign-in.")
    step = first_unused_step(settings, utcnow(), offset=0)
    if step is None:
        raise click.ClickException("The codes of this half-minute are used; try again shortly.")
    click.echo(totp.code_for(settings.secret, step))


@click.command("import-participants")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cohort", "cohort_id", type=int, required=True, help="Cohort id to enrol into.")
@click.option("--dry-run", is_flag=True, help="Check the file and report, write nothing.")
def import_participants_command(csv_file: Path, cohort_id: int, dry_run: bool) -> None:
    """Import participants from CSV into a cohort, all or nothing."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise click.ClickException(f"No cohort with id {cohort_id}.")
    with force_locale("en"):
        report = import_participants(cohort, csv_file.read_bytes(), dry_run=dry_run)
    for error in report.errors:
        click.echo(f"row {error.row}, column {error.column or '-'}: {error.message}", err=True)
    if report.errors:
        raise click.ClickException(f"{len(report.errors)} errors; nothing was imported.")
    verb = "Would create" if dry_run else "Created"
    click.echo(
        f"{verb} {len(report.created)}, enrolled {len(report.enrolled_existing)} existing, "
        f"{len(report.unchanged)} unchanged."
    )


@click.command("rotate-encryption-keys")
def rotate_encryption_keys() -> None:
    """Re-encrypt every authenticator key with the first of TWO_FACTOR_ENCRYPTION_KEYS."""
    count = rotate_secrets()
    click.echo(f"Re-encrypted {count} authenticator keys with the first key; older keys may go.")


def init_app(app: Flask) -> None:
    from mentoring.devmail import dev_mail_command

    for command in (
        create_admin,
        seed_demo_command,
        import_participants_command,
        demo_code,
        rotate_encryption_keys,
        dev_mail_command,
    ):
        app.cli.add_command(command)

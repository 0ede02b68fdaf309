"""init, demo, users, db and schemes commands."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from yot_desktop.cli.common import Context, Refused
from yot_desktop.demo import fill_demo
from yot_desktop.services.admin.backups import Restored
from yot_desktop.services.admin.users import parse_role


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="create or upgrade the database and the first administrator")
    p.add_argument("--admin", required=True, metavar="NAME")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="fill the database with invented demonstration data")
    p.add_argument("--people", type=int, default=200, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    users = sub.add_parser("users", help="staff accounts").add_subparsers(
        dest="users_command", required=True
    )
    p = users.add_parser("add", help="add a staff account")
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--team")
    p.add_argument("--name", default="", help="display name")
    p.set_defaults(func=cmd_users_add)

    db = sub.add_parser("db", help="database upkeep").add_subparsers(
        dest="db_command", required=True
    )
    p = db.add_parser("upgrade", help="apply migrations")
    p.set_defaults(func=cmd_db_upgrade)
    p = db.add_parser("backup", help="copy the database safely")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE")
    where.add_argument(
        "--daily",
        action="store_true",
        help="today's automatic backup into the backups folder beside the database, if none "
        "yet; deletes those older than backup_keep_days (settings.json, default 14)",
    )
    p.set_defaults(func=cmd_db_backup)
    p = db.add_parser("restore", help="replace the database with a checked backup (administrator)")
    p.add_argument("--from", dest="source", required=True, type=Path, metavar="FILE")
    p.set_defaults(func=cmd_db_restore)
    p = db.add_parser("encrypt", help="encrypt the local database file (passphrase: YOT_DB_KEY)")
    p.add_argument(
        "--remember",
        action="store_true",
        help="keep the passphrase in this computer's password store (system keyring)",
    )
    p.set_defaults(func=cmd_db_encrypt)
    p = db.add_parser("decrypt", help="turn encryption of the local database file off")
    p.set_defaults(func=cmd_db_decrypt)

    schemes = sub.add_parser("schemes", help="scheme definitions").add_subparsers(
        dest="schemes_command", required=True
    )
    p = schemes.add_parser("load", help="load or update schemes from a TOML file")
    p.add_argument("file", type=Path, metavar="FILE.toml")
    p.set_defaults(func=cmd_schemes_load)
    p = schemes.add_parser("export", help="write the schemes to a TOML file")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.toml")
    p.add_argument("--scheme", metavar="CODE")
    p.set_defaults(func=cmd_schemes_export)


def cmd_init(ctx: Context, args: argparse.Namespace) -> None:
    services = ctx.services(upgrade=False, create=True)
    backup = services.database.upgrade()
    if backup:
        print(f"Backed up the database before upgrading: {backup}", file=ctx.stdout)
    if services.auth.needs_first_user():
        user = services.auth.create_first_administrator(args.admin, ctx.password("New password: "))
        print(f"Created administrator {user.username}.", file=ctx.stdout)
    else:
        print("The database is up to date; it already has users.", file=ctx.stdout)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> None:
    if args.people < 0:
        raise Refused("--people: enter 0 or more")
    services = ctx.services(create=True)
    made = fill_demo(services, args.people, args.seed, ctx.progress("Invented young people"))
    print(
        f"Added {made} invented young people. Sign in as admin, manager, practitioner or panel "
        "with the password demo.",
        file=ctx.stdout,
    )


def cmd_users_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    role = parse_role(args.role)
    import os

    password = os.environ.get("YOT_NEW_PASSWORD") or ctx.password(f"Password for {args.username}: ")
    row = ctx.services().users.add_user(
        actor, args.username, role, password, team=args.team, display_name=args.name
    )
    print(f"Added {row.username} ({row.role.value}).", file=ctx.stdout)


def cmd_db_upgrade(ctx: Context, args: argparse.Namespace) -> None:
    services = ctx.services(upgrade=False)
    backup = services.database.upgrade()
    info = services.database.info()
    if backup:
        print(f"Backed up the database first: {backup}", file=ctx.stdout)
    print(f"The database is at revision {info.revision}.", file=ctx.stdout)


def cmd_db_backup(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    if args.daily:
        from yot_desktop.services.admin.backups import keep_days_setting

        keep = keep_days_setting(ctx.settings.extra)
        made = ctx.services().database.automatic_backup(actor, keep)
        if made is not None:
            print(f"Backed up to {made}.", file=ctx.stdout)
        elif keep == 0:
            print("Automatic backups are off (backup_keep_days is 0).", file=ctx.stdout)
        else:
            print("Today's backup was already made.", file=ctx.stdout)
        return
    out = ctx.services().database.backup(actor, args.out)
    print(f"Backed up to {out}.", file=ctx.stdout)


def cmd_db_restore(ctx: Context, args: argparse.Namespace) -> None:
    from sqlalchemy.exc import DatabaseError

    from yot_desktop.storage.engine import DatabaseMissing, damage_of

    try:
        actor = ctx.sign_in()
        done = ctx.services().database.restore(actor, args.source)
    except DatabaseError as exc:
        if damage_of(ctx.settings.database_url, exc) is None:
            raise
        done = _restore_damaged(ctx, args.source)
    except DatabaseMissing:  # the file is gone: put the backup where it was
        done = _restore_damaged(ctx, args.source)
    print(
        f"Restored the database from {done.source} (written {done.taken:%d %B %Y %H:%M}).",
        file=ctx.stdout,
    )
    if done.schema_before != done.schema_after:
        print(
            f"The backup was upgraded from schema {done.schema_before} to {done.schema_after}.",
            file=ctx.stdout,
        )
    if done.safety_copy is not None:
        print(f"The database as it was is kept at {done.safety_copy}.", file=ctx.stdout)


def _restore_damaged(ctx: Context, source: Path) -> Restored:
    """The database cannot be read: the administrator signs in to the backup instead."""
    from yot_desktop.cli.database_key import database_key, server_url
    from yot_desktop.services.admin.backups import restore_damaged

    ctx.close()  # let go of the damaged file
    url = server_url(ctx.settings.database_url)
    assert ctx.username  # sign_in() refused a command without --user before opening anything
    return restore_damaged(url, database_key(url), source, ctx.username, ctx.password())


def cmd_db_encrypt(ctx: Context, args: argparse.Namespace) -> None:
    from yot_desktop.cli.database_key import new_passphrase
    from yot_desktop.services.admin.secrets import KeyringStore, database_key_account
    from yot_desktop.storage.engine import sqlite_path

    actor = ctx.sign_in()
    store = KeyringStore()
    if args.remember and not store.available():
        from yot_desktop.services.admin.secrets import NO_STORE

        raise Refused(f"--remember: {NO_STORE}")
    passphrase, confirm = new_passphrase(ctx.stderr)
    services = ctx.services()
    done = services.database.encrypt(actor, passphrase, confirm)
    where = services.database.encryption_status().location
    print(f"Encrypted {where}: {done.tables} tables, {done.rows:,} rows.", file=ctx.stdout)
    path = sqlite_path(ctx.settings.database_url)
    if args.remember and path is not None:
        store.put(database_key_account(path), passphrase)
        print("The passphrase is kept in this computer's password store.", file=ctx.stdout)
    else:
        print("Give the passphrase (YOT_DB_KEY) each time the database is opened.", file=ctx.stdout)
    for copy in done.plain_copies:
        print(
            f"Not encrypted: an earlier backup, {copy}. Delete it, or keep it somewhere safe.",
            file=ctx.stdout,
        )


def cmd_db_decrypt(ctx: Context, args: argparse.Namespace) -> None:
    from yot_desktop.services.admin.secrets import KeyringStore, SecretStoreUnavailable
    from yot_desktop.services.admin.secrets import database_key_account as account
    from yot_desktop.storage.engine import sqlite_path

    actor = ctx.sign_in()
    services = ctx.services()
    if ctx.database_key is None:
        raise Refused("database: this database is not encrypted")
    services.database.decrypt(actor, ctx.database_key)
    print("The database file is no longer encrypted.", file=ctx.stdout)
    path = sqlite_path(ctx.settings.database_url)
    if path is not None:
        with contextlib.suppress(SecretStoreUnavailable):  # then nothing was kept there
            KeyringStore().delete(account(path))


def cmd_schemes_load(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        message = "the file is not UTF-8 text. Save it as UTF-8 and try again"
        raise Refused(f"{args.file}: {message}") from err
    except OSError as err:
        raise Refused(f"{args.file}: cannot read the file ({err.strerror})") from err
    loaded = ctx.services().schemes.load_text(actor, text)
    for rules in loaded:
        print(f"Loaded scheme {rules.code}: {rules.name}.", file=ctx.stdout)


def cmd_schemes_export(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.sign_in()
    text = ctx.services().schemes.export_text(actor, args.scheme)
    args.out.write_text(text, encoding="utf-8")
    print(f"Wrote {args.out}.", file=ctx.stdout)

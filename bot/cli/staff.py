"""`run_bot.py staff add ID --role editor|viewer|admin | remove ID | list`: the staff list.

The same `StaffService` as the console's staff page and the same audit: every change is
recorded in ``staff_audit`` with the actor (``cli:<name>``, ``--by`` or the login name) and
the source "cli". Admins in DVC_STAFF_IDS are listed but changed only in the setting.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from bot.config import Settings
from bot.db import migrate
from bot.db.engine import create_engine, session_factory
from bot.db.health import ensure_reachable
from bot.roles import ROLE_NAMES, Role
from bot.staff import Source, StaffError, StaffRefusal, StaffService

REFUSALS = {
    StaffRefusal.SEEDED: "is an admin by DVC_STAFF_IDS; change that setting instead",
    StaffRefusal.SELF: "cannot change their own role",
    StaffRefusal.INVALID_ID: "is not a Telegram user id (a positive number)",
}


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "staff", help="add, remove or list the staff and their roles (console and commands)"
    )
    actions = parser.add_subparsers(dest="staff_action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a staff member or change their role")
    add.add_argument("user_id", type=int, help="Telegram user id")
    add.add_argument("--role", choices=ROLE_NAMES, default=Role.VIEWER.label)
    remove = actions.add_parser("remove", help="remove a staff member (their sessions end)")
    remove.add_argument("user_id", type=int, help="Telegram user id")
    for action in (add, remove):
        action.add_argument("--by", default="", help="who makes the change (default: login name)")
    actions.add_parser("list", help="list the staff with their roles")
    parser.set_defaults(handler=handle)


def _actor(by: str) -> str:
    if by:
        return f"cli:{by}"
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


async def handle(args: argparse.Namespace, settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        await ensure_reachable(engine, settings.database_url)
        await migrate.upgrade(engine)
        staff = StaffService(session_factory(engine), settings.staff_ids)
        if args.staff_action == "list":
            return await _list(staff)
        try:
            if args.staff_action == "add":
                role = Role.parse(args.role)
                before = await staff.add(
                    args.user_id, role, actor=_actor(args.by), source=Source.CLI
                )
                change = "added" if before is None else f"changed from {before.label}"
                print(f"{args.user_id}: {role.label} ({change})")
            else:
                if not await staff.remove(args.user_id, actor=_actor(args.by), source=Source.CLI):
                    print(f"{args.user_id} is not on the staff list")
                    return 1
                print(f"{args.user_id}: removed")
        except StaffError as exc:
            print(f"error: {args.user_id} {REFUSALS[exc.reason]}")
            return 2
        return 0
    finally:
        await engine.dispose()


async def _list(staff: StaffService) -> int:
    entries = await staff.list()
    if not entries:
        print("no staff (set DVC_STAFF_IDS or run `run_bot.py staff add ID --role admin`)")
        return 0
    for entry in entries:
        origin = "DVC_STAFF_IDS" if entry.seeded else f"added by {entry.added_by or '?'}"
        when = f" on {entry.created_at:%Y-%m-%d}" if entry.created_at else ""
        print(f"{entry.user_id}\t{entry.role.label}\t{origin}{when}")
    return 0

"""CLI commands of the review side: serving the web UI and API, users and tokens,
disputes, clarifications and exports. Registered on the main app by ``resdesk.cli``.

Each command is a thin door onto the same service function the REST API and the web UI
call, acting as the user named by ``--as`` (user management may also be done by the
operator at the console, who has the database anyway).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from fastapi import FastAPI

QuestionArg = Annotated[str, typer.Argument(help="The question's id.")]
AsUser = Annotated[str, typer.Option("--as", help="The user acting (must exist).")]
MaybeAs = Annotated[
    str | None, typer.Option("--as", help="Who is acting (default: the console operator).")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON on stdout and nothing else.")]


def serve_app() -> FastAPI:
    """The web app for ``resdesk serve`` (an import string, so uvicorn can fork workers)."""
    from resdesk.runtime import init_db, sessions
    from resdesk.settings import get_settings
    from review.api import create_app
    from review.settings import ReviewSettings

    settings = get_settings()
    init_db(settings)
    return create_app(sessions(settings), ReviewSettings(home=settings.home))


def _read_password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    return sys.stdin.readline().rstrip("\r\n")


def register(app: typer.Typer) -> None:
    """Add the review commands to ``app``."""
    from resdesk import cli

    groups = {g.name: g.typer_instance for g in app.registered_groups if g.typer_instance}
    _serve(app)
    _users(groups["users"], cli)
    _questions(groups["questions"], cli)
    disputes_app = typer.Typer(
        help="Disputes: list, show, assign, decide (open one with 'resdesk dispute').",
        no_args_is_help=True,
    )
    app.add_typer(disputes_app, name="disputes")
    _disputes(disputes_app, cli)


def _serve(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes.", min=1, max=64)] = 1,
    ) -> None:
        """The reviewers' web UI and REST API (http://127.0.0.1:8000 by default)."""
        import uvicorn

        serve_app()  # fail early (bad settings, unreachable database) before forking
        uvicorn.run(
            "resdesk.cli_review:serve_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=False,
            server_header=False,
            log_level="info",
        )


def _users(users_app: typer.Typer, cli: Any) -> None:
    # Replace the skeleton's 'users add' with one that can also set a password.
    users_app.registered_commands[:] = [c for c in users_app.registered_commands if c.name != "add"]

    @users_app.command("add")
    @cli.handles_errors
    def users_add(
        name: str,
        role: Annotated[str, typer.Option("--role", help="viewer, reviewer, adjudicator or admin")],
        actor: MaybeAs = None,
        password_stdin: Annotated[
            bool,
            typer.Option(
                "--password-stdin",
                help="Read a password from the first line "
                "of standard input (for signing in to the web UI).",
            ),
        ] = False,
    ) -> None:
        """Add a user with a role (and optionally a password, read from stdin)."""
        from resdesk.runtime import init_db, transaction
        from review.users import add_user

        password = _read_password(password_stdin)
        init_db()
        with transaction() as session:
            add_user(session, name, role, actor=actor or cli.default_actor(), password=password)
        cli.out.print(f"user {name} added as {role}", markup=False)

    @users_app.command("passwd")
    @cli.handles_errors
    def users_passwd(name: str, actor: MaybeAs = None) -> None:
        """Set NAME's password from the first line of standard input."""
        from resdesk.runtime import init_db, transaction
        from review.users import set_password

        password = _read_password(True) or ""
        init_db()
        with transaction() as session:
            set_password(session, name, password, actor=actor or cli.default_actor())
        cli.out.print(f"password of {name} set; their web sessions were ended", markup=False)

    @users_app.command("role")
    @cli.handles_errors
    def users_role(
        name: str,
        role: Annotated[str, typer.Argument(help="viewer, reviewer, adjudicator or admin")],
        actor: MaybeAs = None,
    ) -> None:
        """Change NAME's role."""
        from resdesk.runtime import init_db, transaction
        from review.users import change_role

        init_db()
        with transaction() as session:
            change_role(session, name, role, actor=actor or cli.default_actor())
        cli.out.print(f"{name} is now {role}", markup=False)

    @users_app.command("disable")
    @cli.handles_errors
    def users_disable(name: str, actor: MaybeAs = None) -> None:
        """Disable NAME: their tokens are revoked and sessions ended; history stays."""
        from resdesk.runtime import init_db, transaction
        from review.users import disable_user

        init_db()
        with transaction() as session:
            disable_user(session, name, actor=actor or cli.default_actor())
        cli.out.print(f"{name} disabled", markup=False)

    @users_app.command("list")
    @cli.handles_errors
    def users_list(as_json: Json = False) -> None:
        """List users and roles."""
        from resdesk.runtime import init_db, transaction
        from review.users import list_users, user_dict

        init_db()
        with transaction() as session:
            data = [user_dict(u) for u in list_users(session)]
        if as_json:
            cli.print_json(data)
            return
        for u in data:
            flag = " (disabled)" if u["disabled"] else ""
            cli.out.print(f"{u['name']:<24} {u['role']:<12}{flag}", markup=False)

    @users_app.command("tokens")
    @cli.handles_errors
    def users_tokens(name: str, as_json: Json = False) -> None:
        """List NAME's API tokens by id (the tokens themselves are never stored)."""
        from resdesk.runtime import init_db, transaction
        from review.users import list_tokens, token_dict

        init_db()
        with transaction() as session:
            data = [token_dict(t) for t in list_tokens(session, name)]
        if as_json:
            cli.print_json(data)
            return
        for t in data:
            state = f"revoked {t['revoked_at']}" if t["revoked_at"] else "active"
            cli.out.print(
                f"#{t['id']}  created {t['created_at']}  last used {t['last_used_at'] or '-'}  "
                f"{state}",
                markup=False,
            )

    @users_app.command("revoke-token")
    @cli.handles_errors
    def users_revoke_token(
        name: str,
        token_id: Annotated[
            int | None, typer.Option("--id", help="The token's id (see 'users tokens').")
        ] = None,
        revoke_all: Annotated[bool, typer.Option("--all", help="Revoke all of NAME's.")] = False,
        actor: MaybeAs = None,
    ) -> None:
        """Revoke one of NAME's API tokens (--id N) or all of them (--all)."""
        from resdesk.errors import InputError
        from resdesk.runtime import init_db, transaction
        from review.users import list_tokens, revoke_token

        if (token_id is None) == (not revoke_all):
            raise InputError("give either --id N or --all", field="--id")
        init_db()
        with transaction() as session:
            rows = list_tokens(session, name)
            ids = [t.id for t in rows if t.revoked_at is None] if revoke_all else [token_id]
            if token_id is not None and token_id not in {t.id for t in rows}:
                raise InputError(f"{name} has no token #{token_id}", field="--id")
            for tid in ids:
                revoke_token(session, int(tid or 0), actor=actor or cli.default_actor())
        cli.out.print(f"revoked {len(ids)} token(s) of {name}", markup=False)


def _questions(questions_app: typer.Typer, cli: Any) -> None:
    @questions_app.command("export")
    @cli.handles_errors
    def questions_export(
        question_id: QuestionArg,
        fmt: Annotated[str, typer.Option("--format", help="json or html")] = "json",
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
        ] = None,
    ) -> None:
        """A question's full history: JSON, or a self-contained HTML report to attach."""
        from resdesk.runtime import init_db, transaction
        from review.export import export

        init_db()
        with transaction() as session:
            body = export(session, question_id, fmt)
        if output is None:
            sys.stdout.write(body)
        else:
            output.write_text(body, encoding="utf-8")
            cli.err.print(f"wrote {output}", markup=False)

    @questions_app.command("clarify")
    @cli.handles_errors
    def questions_clarify(
        question_id: QuestionArg,
        actor: AsUser,
        text: Annotated[str, typer.Option("--text", help="What an outcome means.")],
        as_json: Json = False,
    ) -> None:
        """Append a clarification to a question's ledger (admins)."""
        from resdesk.runtime import init_db, transaction
        from review.clarifications import clarification_dict, post

        init_db()
        with transaction() as session:
            data = clarification_dict(post(session, question_id, text, actor=actor))
        if as_json:
            cli.print_json(data)
        else:
            cli.out.print(f"clarification v{data['version']} posted", markup=False)

    @questions_app.command("clarifications")
    @cli.handles_errors
    def questions_clarifications(question_id: QuestionArg, as_json: Json = False) -> None:
        """The question's clarification ledger, oldest first."""
        from resdesk.runtime import init_db, transaction
        from review.clarifications import clarification_dict, ledger

        init_db()
        with transaction() as session:
            data = [clarification_dict(c) for c in ledger(session, question_id)]
        if as_json:
            cli.print_json(data)
            return
        for c in data:
            cli.out.print(
                f"v{c['version']}  {c['posted_by']}  {c['created_at'][:19]}", markup=False
            )
            cli.out.print(f"  {c['text']}", markup=False)


def _disputes(disputes_app: typer.Typer, cli: Any) -> None:
    @disputes_app.command("list")
    @cli.handles_errors
    def disputes_list(
        status: Annotated[str | None, typer.Option(help="open, assigned, upheld, …")] = None,
        as_json: Json = False,
    ) -> None:
        """List disputes, newest first."""
        from resdesk.runtime import init_db, transaction
        from review.disputes import dispute_dict, list_disputes

        init_db()
        with transaction() as session:
            data = [dispute_dict(session, d) for d in list_disputes(session, status=status)]
        if as_json:
            cli.print_json(data)
            return
        for d in data:
            cli.out.print(
                f"#{d['id']}  {d['status']:<10} {d['question_id']}  by {d['opened_by']}  "
                f"→ {d['assigned_to'] or 'unassigned'}",
                markup=False,
            )

    @disputes_app.command("show")
    @cli.handles_errors
    def disputes_show(dispute_id: int, actor: MaybeAs = None) -> None:
        """One dispute as JSON (sealed adjudications only to their author)."""
        from resdesk.runtime import init_db, transaction
        from review.disputes import dispute_dict, get_dispute

        init_db()
        with transaction() as session:
            cli.print_json(dispute_dict(session, get_dispute(session, dispute_id), viewer=actor))

    @disputes_app.command("assign")
    @cli.handles_errors
    def disputes_assign(
        dispute_id: int,
        adjudicator: Annotated[str, typer.Option("--to", help="The adjudicator.")],
        actor: AsUser,
    ) -> None:
        """Assign a dispute to an adjudicator."""
        from resdesk.runtime import init_db, transaction
        from review.disputes import assign

        init_db()
        with transaction() as session:
            assign(session, dispute_id, actor=actor, adjudicator=adjudicator)
        cli.out.print(f"dispute #{dispute_id} assigned to {adjudicator}", markup=False)

    @disputes_app.command("decide")
    @cli.handles_errors
    def disputes_decide(
        dispute_id: int,
        actor: AsUser,
        decision: Annotated[str, typer.Option(help="upheld, overturned or annulled")],
        reason: Annotated[str, typer.Option(help="The written reason.")],
        outcome: Annotated[
            str | None, typer.Option(help="The new outcome (overturned only).")
        ] = None,
        as_json: Json = False,
    ) -> None:
        """Record an adjudication; the dispute is decided once enough agree."""
        from resdesk.runtime import init_db, transaction
        from review.disputes import decide, dispute_dict

        init_db()
        with transaction() as session:
            d = decide(
                session,
                dispute_id,
                actor=actor,
                decision=decision,
                reason=reason,
                outcome=outcome,
            )
            data = dispute_dict(session, d, viewer=actor)
        if as_json:
            cli.print_json(data)
        elif data["status"] in ("upheld", "overturned", "annulled"):
            cli.out.print(f"dispute #{dispute_id} decided: {data['status']}", markup=False)
        else:
            cli.out.print(
                f"adjudication recorded and sealed; dispute #{dispute_id} awaits a matching one",
                markup=False,
            )

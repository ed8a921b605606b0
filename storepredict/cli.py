"""The `storepredict` console script: serve the app, or run the pipeline headless."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import AppConfig, config_from_env
from .i18n import LANGUAGES, _, use_language
from .pipeline import StorePredictError

EXIT_INPUT_ERROR = 2
LANGUAGE_ENV = "STOREPREDICT_LANG"  # the default of --lang (the entry point reads it, once)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="storepredict",
        description=_(
            "The `storepredict` console script: serve the app, or run the pipeline headless."
        ),
    )
    parser.add_argument("--version", action="version", version=f"storepredict {__version__}")
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help=_("serve the web app (the default)"))
    serve.add_argument("--host", help=_("address to bind (default 127.0.0.1)"))
    serve.add_argument("--port", type=int, help=_("port to listen on (default 8080)"))
    serve.add_argument(
        "--trust-proxy-auth",
        metavar="HEADER",
        help=_("trust the user name a reverse proxy that authenticates sends in HEADER"),
    )

    inspect = commands.add_parser("inspect", help=_("parse exports and print the inventory"))
    inspect.add_argument(
        "inputs", nargs="+", metavar="FILE", help=_("export(s) or a session archive")
    )
    inspect.add_argument("--json", action="store_true", help=_("print one JSON object"))

    size = commands.add_parser(
        "size", help=_("classify, scope and size storage, layout and compute")
    )
    size.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=_("export(s) or a session archive")
    )
    size.add_argument("--json", action="store_true", help=_("print one JSON object"))
    size.add_argument("--settings", type=Path, help=_("JSON file of sizing settings"))
    size.add_argument(
        "--save-session", type=Path, metavar="OUT.zip", help=_("write a session archive")
    )

    report = commands.add_parser("report", help=_("write the customer PDF, XLSX and/or PPTX"))
    report.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=_("export(s) or a session archive")
    )
    report.add_argument("--settings", type=Path, help=_("JSON file of sizing settings"))
    report.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help=_("write the workbook here"))
    report.add_argument("--pdf", type=Path, metavar="OUT.pdf", help=_("write the PDF here"))
    report.add_argument(
        "--pptx", type=Path, metavar="OUT.pptx", help=_("write the slide deck here")
    )
    for sub in (size, report):
        _add_project_details(sub)
    report.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("language of the reports (default: $STOREPREDICT_LANG, else English)"),
    )

    update = commands.add_parser("update", help=_("carry a saved session onto newer export(s)"))
    update.add_argument("session", metavar="SESSION.zip", help=_("the saved session archive"))
    update.add_argument("exports", nargs="+", metavar="EXPORT", help=_("the newer export(s)"))
    update.add_argument("--json", action="store_true", help=_("print one JSON object"))
    update.add_argument(
        "--allow-no-match", action="store_true", help=_("accept an export that matches no VM")
    )
    update.add_argument(
        "--save-session", type=Path, metavar="OUT.zip", help=_("write the updated session archive")
    )

    compare = commands.add_parser("compare", help=_("size several scenarios side by side"))
    compare.add_argument(
        "inputs", nargs="+", metavar="INPUT", help=_("export(s) or a session archive")
    )
    compare.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME=settings.json",
        help=_("a scenario to add (repeatable)"),
    )
    compare.add_argument("--json", action="store_true", help=_("print one JSON object"))
    for sub in (inspect, size, update, compare):
        sub.add_argument(
            "--lang",
            choices=LANGUAGES,
            help=_(
                "language of the printed summary (default: $STOREPREDICT_LANG, else English); "
                "--json is the same in every language"
            ),
        )
    return parser


def _add_project_details(parser: argparse.ArgumentParser) -> None:
    """Project details for the reports; they override what a restored session holds."""
    parser.add_argument("--customer", help=_("customer name shown on the report cover"))
    parser.add_argument("--prepared-by", help=_("author shown on the report cover"))
    parser.add_argument("--reference", help=_("opportunity or reference id for the cover"))
    parser.add_argument(
        "--logo", type=Path, metavar="LOGO.png", help=_("PNG or JPEG logo (≤ 1 MiB)")
    )


def chosen_language(argv: Sequence[str], env: dict[str, str] | None = None) -> str:
    """The language of the command's human output: --lang, else $STOREPREDICT_LANG, else 'en'.

    Read before parsing, so the help text is in that language too. JSON output (--json) is
    always written in English, so it is identical whatever the language.
    """
    arguments = list(argv)
    if "--json" in arguments:
        return "en"
    language = (os.environ if env is None else env).get(LANGUAGE_ENV, "")
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            language = arguments[index + 1]
        elif argument.startswith("--lang="):
            language = argument.partition("=")[2]
    return language if language in LANGUAGES else "en"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with use_language(chosen_language(arguments)):
        return _main(arguments)


def _main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    config = config_from_env(
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        trust_proxy_auth=getattr(args, "trust_proxy_auth", None),
    )
    if args.command in (None, "serve"):
        if problem := config.serve_problem():
            print(_("error: {problem}", problem=problem), file=sys.stderr)
            return EXIT_INPUT_ERROR
        from .app import serve

        serve(config)
        return 0
    try:
        return _run_headless(args, config)
    except StorePredictError as exc:
        print(_("error: {problem}", problem=exc.message), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except OSError as exc:
        name = exc.filename or _("a file")
        problem = _("cannot access {name}: {reason}", name=name, reason=exc.strerror)
        print(_("error: {problem}", problem=problem), file=sys.stderr)
        return EXIT_INPUT_ERROR


def _run_headless(args: argparse.Namespace, config: AppConfig) -> int:
    from . import commands, session_commands
    from .pipeline import use_system_allocator

    use_system_allocator()
    # A one-shot command: what it builds lives until it exits, and the cyclic collector would
    # rescan every VM model over and over (2 s of 18 at 100,000 VMs) for nothing to free.
    gc.disable()

    if args.command == "update":
        session_commands.update(
            _read(args.session)[0],
            _read(*args.exports),
            config.limits,
            as_json=args.json,
            allow_no_match=args.allow_no_match,
            save_session=args.save_session,
            out=sys.stdout,
        )
        return 0
    files = _read(*args.inputs)
    if args.command == "compare":
        session_commands.compare(
            files, config.limits, args.scenario, as_json=args.json, out=sys.stdout
        )
        return 0
    if args.command == "inspect":
        commands.inspect(files, config.limits, as_json=args.json, out=sys.stdout)
        return 0
    details = commands.project_details(args.customer, args.prepared_by, args.reference, args.logo)
    settings = commands.read_settings_file(args.settings)
    if args.command == "size":
        commands.size(
            files,
            config.limits,
            settings,
            as_json=args.json,
            save_session=args.save_session,
            details=details,
        )
    else:
        outputs = commands.ReportOutputs(xlsx=args.xlsx, pdf=args.pdf, pptx=args.pptx)
        commands.report(files, config.limits, settings, outputs=outputs, details=details)
    return 0


def _read(*paths: str) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in map(Path, paths)]


def run() -> None:
    """Console-script wrapper that exits with main()'s status."""
    sys.exit(main())


if __name__ == "__main__":
    run()

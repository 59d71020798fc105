"""``cogov-viz``: serve the teaching app (:mod:`scenarios.app`) with Solara on a local address.

The app works without internet when the ``viz`` extra is installed (``pip install -e '.[viz]'``):
``solara-assets`` ships Solara's JavaScript and CSS, and ``ipyvuetify<3``/``ipyvue<3`` keep the main
area from staying empty. Solara is imported only when the server starts, so importing this module is
cheap.

Examples
--------
>>> parse_args(["--port", "9000"]).port
9000
>>> solara_argv(parse_args(["--host", "127.0.0.1", "--port", "9000"]))[:6]
['run', 'scenarios.app:Page', '--host', '127.0.0.1', '--port', '9000']
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

APP = "scenarios.app:Page"
"""The Solara component that the server renders (module:attribute)."""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (``--host``, ``--port``)."""
    parser = argparse.ArgumentParser(
        prog="cogov-viz", description="Serve the interactive cogov teaching app in the browser."
    )
    parser.add_argument("--host", default="localhost", help="address to listen on (default: localhost)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    return parser.parse_args(argv)


def solara_argv(args: argparse.Namespace) -> list[str]:
    """Arguments of ``solara run`` for the app: production mode, no browser opened by the server."""
    return ["run", APP, "--host", args.host, "--port", str(args.port), "--production", "--no-open"]


def url(args: argparse.Namespace) -> str:
    """Address of the app, e.g. ``http://localhost:8765/``."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    return f"http://{host}:{args.port}/"


def main(argv: Sequence[str] | None = None) -> None:
    """Start the Solara server on the app and print its address (Ctrl+C stops it)."""
    args = parse_args(argv)
    try:
        version("solara-assets")
    except PackageNotFoundError:
        print(
            "cogov-viz: solara-assets is not installed, so the page needs the internet for its "
            "JavaScript; install the viz extra: pip install -e '.[viz]'",
            file=sys.stderr,
        )
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    print(f"cogov-viz: serving the cogov app at {url(args)} (Ctrl+C stops it)", flush=True)
    from solara.__main__ import cli

    cli(solara_argv(args), prog_name="cogov-viz")


if __name__ == "__main__":
    main()

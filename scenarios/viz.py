"""``cogov-viz``: serve the teaching app (:mod:`scenarios.app`) with Solara on a local address.

The app works without internet when the ``viz`` extra is installed (``pip install -e '.[viz]'``):
``solara-assets`` ships Solara's JavaScript and CSS, and ``ipyvuetify<3``/``ipyvue<3`` keep the main
area from staying empty. Solara is imported only when the server starts, so importing this module is
cheap. ``--scenario path/to/file.yaml`` (repeatable) adds a user's scenario file to the picker, checked
as data first (:mod:`scenarios.user_scenarios`). The app has no login: on an address other than loopback it
warns that anyone who can reach the address can use it. A bad port, host or file stops with one line
and exit code 2.

Examples
--------
>>> parse_args(["--port", "9000"]).port
9000
>>> solara_argv(parse_args(["--host", "127.0.0.1", "--port", "9000"]))[:6]
['run', 'scenarios.app:Page', '--host', '127.0.0.1', '--port', '9000']
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from scenarios.errors import guarded
from scenarios.extras import require
from scenarios.user_scenarios import USER_SCENARIOS

APP = "scenarios.app:Page"
"""The Solara component that the server renders (module:attribute)."""
TOOL = "cogov-viz"


def port(text: str) -> int:
    """A TCP port number, 1 to 65535 (argparse type).

    Examples
    --------
    >>> port("8765")
    8765
    """
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"invalid value {text!r} (allowed: an integer 1 to 65535)")
    return number


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``localhost``, 127.0.0.0/8, ``::1``).

    Examples
    --------
    >>> is_loopback("localhost"), is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> str:
    """A host name or address this machine can listen on (argparse type)."""
    try:
        socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        raise argparse.ArgumentTypeError(
            f"invalid value {host!r} (allowed: localhost, an address or a name of this machine)"
        ) from None
    return host


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (``--host``, ``--port``)."""
    parser = argparse.ArgumentParser(
        prog="cogov-viz", description="Serve the interactive cogov teaching app in the browser."
    )
    parser.add_argument(
        "--host", type=check_host, default="localhost", help="address to listen on (default: localhost)"
    )
    parser.add_argument("--port", type=port, default=8765, help="port to listen on, 1-65535 (default: 8765)")
    parser.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="FILE",
        help="a scenario file of your own to add to the picker (repeatable)",
    )
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
    guarded(TOOL, lambda: require("solara", "app", "solara"))
    guarded(TOOL, lambda: [USER_SCENARIOS.register(path) for path in args.scenario])
    USER_SCENARIOS.export()
    if not is_loopback(args.host):
        print(
            f"cogov-viz: warning: listening on {args.host}: the app has no login, anyone who can reach "
            "this address can use it",
            file=sys.stderr,
        )
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

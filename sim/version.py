"""The installed version of cogov (recorded with every run)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cogov")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

"""`ai302-mock` as installed. The script comes with every install of the kit (an entry
point cannot depend on an extra), but the mock's own dependencies come only with
`[mock]`: without them, one line says what to install instead of a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        # The app too, though the CLI imports it only when it serves: a module the extra
        # brings that only the app uses must still end in this line, not a traceback.
        import mockserver.app  # noqa: F401
        from mockserver.cli import main as run
    except ModuleNotFoundError as missing:
        sys.exit(
            f"ai302-mock: the mock needs the [mock] extra ({missing.name} is not installed): "
            "pip install 'ai302-kit[mock]'"
        )
    run()

"""Copy the Swagger UI files the mock's /docs page serves from tools/npm/node_modules.

`make docs-assets` runs it after `npm ci`, so the vendored copy is exactly the version
package-lock.json pins; contract_tests/test_docs_page.py checks that it still is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mockserver.docs import ASSETS_DIR, SWAGGER_UI_FILES

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "npm" / "node_modules" / "swagger-ui-dist"


def main() -> None:
    target = ASSETS_DIR / "swagger-ui"
    target.mkdir(parents=True, exist_ok=True)
    for name in SWAGGER_UI_FILES:
        shutil.copyfile(SOURCE / name, target / name)
        print(f"{SOURCE / name} -> {target / name}")


if __name__ == "__main__":
    main()

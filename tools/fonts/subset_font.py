"""Rebuild mockserver/fonts/ from a registry package: `make font` (a dev-time step).

The watermark's default text is Chinese ("AI生成"), and Pillow's built-in font has no
CJK glyphs, so the mock ships Noto Sans SC (SIL Open Font License 1.1), taken from
the npm package @expo-google-fonts/noto-sans-sc (Google Fonts' TTF build), cut down
to the characters a watermark may reasonably hold:

- ASCII and Latin-1, general punctuation, CJK symbols and punctuation, full-width forms;
- every hanzi of GB 2312 (levels 1 and 2: 6,763 characters, the simplified Chinese
  a Chinese watermark is written in);
- every kanji of JIS X 0208 (levels 1 and 2) and all hiragana and katakana, so a
  Japanese watermark renders too.

That keeps the font under 5 MB instead of 10.5 MB. Characters outside the set render
as the font's .notdef box, as any missing glyph would.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

PACKAGE = "@expo-google-fonts/noto-sans-sc@0.4.3"
MEMBER = "package/400Regular/NotoSansSC_400Regular.ttf"
LICENSE = "package/LICENSE_FONT"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "mockserver" / "fonts"
FONT_NAME = "NotoSansSC-Regular-subset.ttf"

# Unicode blocks kept whole.
_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0xFF00, 0xFFEF),  # half- and full-width forms
]


def _double_byte_set(encoding: str, rows: range) -> set[str]:
    """Every character a two-byte (EUC) encoding defines in the given rows."""
    found: set[str] = set()
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode(encoding))
            except UnicodeDecodeError:
                continue
    return found


def characters() -> set[str]:
    chars = {chr(code) for start, end in _RANGES for code in range(start, end + 1)}
    # GB 2312 hanzi: rows 0xB0-0xF7 (level 1 is 0xB0-0xD7, level 2 0xD8-0xF7).
    chars |= _double_byte_set("gb2312", range(0xB0, 0xF8))
    # JIS X 0208 kanji in EUC-JP: rows 0xB0-0xF4 (level 1 0xB0-0xCF, level 2 0xD0-0xF4).
    chars |= _double_byte_set("euc_jp", range(0xB0, 0xF5))
    return chars


def fetch(workdir: Path) -> tuple[Path, Path]:
    """`npm pack` the font package (the registry's own client) and extract the TTF."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    (tarball,) = workdir.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extract(MEMBER, workdir, filter="data")
        archive.extract(LICENSE, workdir, filter="data")
    return workdir / MEMBER, workdir / LICENSE


def build(source: Path, target: Path) -> int:
    font = TTFont(source)
    available = set(font.getBestCmap())
    wanted = {ord(c) for c in characters()} & available
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(target)
    return len(wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="use this TTF instead of fetching it")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.source:
            source, license_file = args.source, None
        else:
            source, license_file = fetch(Path(tmp))
        count = build(source, OUT / FONT_NAME)
        if license_file is not None:
            shutil.copyfile(license_file, OUT / "OFL.txt")
    size = (OUT / FONT_NAME).stat().st_size
    print(f"{OUT / FONT_NAME}: {count} characters, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

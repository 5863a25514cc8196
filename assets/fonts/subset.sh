#!/usr/bin/env bash
# Build the subset Chinese fonts embedded in ducha.
#
# Requirements (this script installs nothing):
#   apt-get install fonts-noto-cjk         # Debian; Regular and Bold .ttc files
#                                          # (fonts-noto-cjk-extra has the other weights;
#                                          # not needed for Regular/Bold)
#   pip install fonttools                  # provides pyftsubset and the fontTools module
#
# Usage: assets/fonts/subset.sh            # from anywhere; re-runnable
#   NOTO_CJK_DIR=/path/to/ttc/dir assets/fonts/subset.sh   # other source directory
#
# For each of Noto Serif CJK SC and Noto Sans CJK SC, Regular and Bold, the SC
# face is picked out of the Debian .ttc collection (by its family name, not a
# hard-coded index) and subset to the code points written by charset.py,
# keeping all OpenType layout features but only the default and ZHS
# (Simplified Chinese) language systems of each script. The subset's CFF
# outlines are then converted to TrueType (quadratic) outlines, within 1 font
# unit (1/1000 em), with fontTools' cu2qu: the PDF export subsets and measures
# each embedded font once per report, and TrueType glyphs are copied where CFF
# charstrings have to be decompiled and interpreted. Output is .ttf.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="${NOTO_CJK_DIR:-/usr/share/fonts/opentype/noto}"

command -v pyftsubset >/dev/null || { echo "pyftsubset not found: pip install fonttools" >&2; exit 1; }
python3 -c 'import fontTools' 2>/dev/null || { echo "fontTools not importable: pip install fonttools" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Character set: GB2312 + the 8,105 General Standard Chinese Characters +
# ASCII, Latin-1, punctuation ranges and a few report symbols.
python3 "$HERE/charset.py" "$TMP/unicodes.txt"

# Print the index of the face whose family name (nameID 1) is $2 in collection $1.
face_index() {
    python3 - "$1" "$2" <<'PY'
import sys
from fontTools.ttLib import TTCollection
path, family = sys.argv[1], sys.argv[2]
for i, font in enumerate(TTCollection(path, lazy=True)):
    if font["name"].getDebugName(1) == family:
        print(i)
        sys.exit(0)
sys.exit(f"{path}: no face with family name {family!r}")
PY
}

# Print the --layout-scripts value: every script of the face's GSUB/GPOS,
# each with its default language system and ZHS.
layout_scripts() {
    python3 - "$1" "$2" <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1], fontNumber=int(sys.argv[2]), lazy=True)
tags = set()
for t in ("GSUB", "GPOS"):
    if t in font and font[t].table.ScriptList:
        tags.update(r.ScriptTag for r in font[t].table.ScriptList.ScriptRecord)
out = []
for tag in sorted(tags):
    out.append(f"{tag}.dflt")
    if tag != "DFLT":
        out.append(f"{tag}.ZHS")
print(",".join(out))
PY
}

# Convert the CFF outlines of $1 to TrueType outlines in $2 (after fontTools'
# Snippets/otf2ttf.py): each cubic curve becomes quadratic ones within 1 font
# unit, contours are reversed to TrueType's direction, glyf/loca replace CFF,
# maxp becomes version 1.0 and post version 3 (no glyph names: the CID-keyed
# names cid00001... would only add size). Everything else (cmap, GSUB, GPOS,
# metrics, name) is kept as pyftsubset wrote it.
to_truetype() {
    python3 - "$1" "$2" <<'PY'
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src, recalcTimestamp=False)
assert font.sfntVersion == "OTTO" and "CFF " in font, f"{src}: not a CFF font"
order = font.getGlyphOrder()
glyphset = font.getGlyphSet()
glyphs = {}
for name in order:
    pen = TTGlyphPen(glyphset)
    glyphset[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    glyphs[name] = pen.glyph()
font["loca"] = newTable("loca")
font["glyf"] = glyf = newTable("glyf")
glyf.glyphOrder = order
glyf.glyphs = glyphs
del font["CFF "]
if "VORG" in font:
    del font["VORG"]
glyf.compile(font)
maxp = font["maxp"] = newTable("maxp")
maxp.tableVersion = 0x00010000
maxp.maxZones = 1
for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
              "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
              "maxComponentElements", "maxComponentDepth"):
    setattr(maxp, field, 0)
maxp.compile(font)
post = font["post"]
post.formatType = 3.0
font.sfntVersion = "\0\1\0\0"
font.save(dst)
PY
}

# source .ttc | family name | output file
FONTS=(
    "NotoSerifCJK-Regular.ttc|Noto Serif CJK SC|NotoSerifCJKsc-Regular.ttf"
    "NotoSerifCJK-Bold.ttc|Noto Serif CJK SC|NotoSerifCJKsc-Bold.ttf"
    "NotoSansCJK-Regular.ttc|Noto Sans CJK SC|NotoSansCJKsc-Regular.ttf"
    "NotoSansCJK-Bold.ttc|Noto Sans CJK SC|NotoSansCJKsc-Bold.ttf"
)

for entry in "${FONTS[@]}"; do
    IFS='|' read -r src family out <<<"$entry"
    src="$SRC_DIR/$src"
    [[ -f "$src" ]] || { echo "missing $src: apt-get install fonts-noto-cjk" >&2; exit 1; }
    n="$(face_index "$src" "$family")"
    scripts="$(layout_scripts "$src" "$n")"
    echo "subsetting $src (face $n, $family) -> $out"
    # Name IDs kept: 0-6 (copyright, family, subfamily, unique ID, full name,
    # version, PostScript name), 7 (trademark), 13-14 (license, license URL).
    pyftsubset "$src" \
        --font-number="$n" \
        --unicodes-file="$TMP/unicodes.txt" \
        --layout-features='*' \
        --layout-scripts="$scripts" \
        --name-IDs=0,1,2,3,4,5,6,7,13,14 \
        --output-file="$TMP/subset.otf"
    to_truetype "$TMP/subset.otf" "$TMP/$out"
    mv "$TMP/$out" "$HERE/$out"
done

# Sanity checks: names, cmap size, required and excluded characters.
python3 - "$HERE" <<'PY'
import os
import sys
from fontTools.ttLib import TTFont
here = sys.argv[1]
required = "中国学校督查留守儿童—“”《》"
# U+3400 (㐀, CJK Extension A) is in neither GB2312 nor the 8,105 table, so it
# must not be mapped. Note that U+36C3 (㛃) IS in the 8,105 table and is kept.
excluded = "\u3400"
ok = True
for out in ("NotoSerifCJKsc-Regular.ttf", "NotoSerifCJKsc-Bold.ttf",
            "NotoSansCJKsc-Regular.ttf", "NotoSansCJKsc-Bold.ttf"):
    path = os.path.join(here, out)
    font = TTFont(path)
    cmap = font.getBestCmap()
    name = font["name"]
    if "glyf" not in font or "CFF " in font:
        ok = False
        print(f"  ERROR: {out} does not have TrueType outlines", file=sys.stderr)
    missing = [c for c in required if ord(c) not in cmap]
    present = [c for c in excluded if ord(c) in cmap]
    print(f"{out}: {name.getDebugName(1)} / {name.getDebugName(2)}, "
          f"{len(cmap)} cmap entries, {os.path.getsize(path)} bytes")
    if missing or present:
        ok = False
        print(f"  ERROR: missing {missing}, unexpectedly present {present}", file=sys.stderr)
sys.exit(0 if ok else 1)
PY

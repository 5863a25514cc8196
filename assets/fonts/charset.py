#!/usr/bin/env python3
"""Write the code points kept in the embedded subset fonts.

Output: one code point per line as "U+XXXX" (the format of pyftsubset's
--unicodes-file), sorted, written to the path given as the only argument
(or to stdout). Needs only the Python standard library.

The set is:
  - GB2312 (every 2-byte sequence 0xA1A1..0xF7FE that the gb2312 codec decodes)
  - the 8,105 characters of the General Standard Chinese Characters table
    (tongyong-guifan-hanzi-8105.txt, next to this file, one per line)
  - ASCII U+0020..U+007E and Latin-1 U+00A0..U+00FF
  - General Punctuation U+2000..U+206F
  - CJK Symbols and Punctuation U+3000..U+303F
  - Halfwidth and Fullwidth Forms U+FF00..U+FFEF
  - a few symbols used in reports (check marks, circles, squares, ballot
    boxes, x and division signs, numero, degree Celsius, circled numbers
    1-20, arrows U+2190..U+2193)
Code points the font lacks are simply dropped by pyftsubset.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TONGYONG = os.path.join(HERE, "tongyong-guifan-hanzi-8105.txt")


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in s)
    return chars


def tongyong():
    chars = set()
    with open(TONGYONG, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if len(line) != 1:
                raise SystemExit(f"{TONGYONG}: expected one character per line, got {line!r}")
            chars.add(ord(line))
    if len(chars) != 8105:
        raise SystemExit(f"{TONGYONG}: expected 8105 characters, got {len(chars)}")
    return chars


def ranges():
    chars = set()
    for lo, hi in [
        (0x0020, 0x007E),  # ASCII
        (0x00A0, 0x00FF),  # Latin-1 Supplement
        (0x2000, 0x206F),  # General Punctuation
        (0x3000, 0x303F),  # CJK Symbols and Punctuation
        (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
        (0x2460, 0x2473),  # circled numbers 1-20
        (0x2190, 0x2193),  # arrows left/up/right/down
    ]:
        chars.update(range(lo, hi + 1))
    # Symbols used in reports.
    chars.update(ord(c) for c in "✓✗◐○●■□☐☑×÷№℃")
    return chars


def main():
    cps = sorted(gb2312() | tongyong() | ranges())
    text = "".join(f"U+{cp:04X}\n" for cp in cps)
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="ascii") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    print(f"charset.py: {len(cps)} code points", file=sys.stderr)


if __name__ == "__main__":
    main()

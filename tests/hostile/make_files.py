#!/usr/bin/env python3
"""Writes the crafted files of the hostile corpus (tests/hostile/files/).

Each file is a broken or hostile variant of something a school sends; the
cases that use them, with their expected outcomes, are in cases.yaml.
Run from anywhere: python3 tests/hostile/make_files.py (standard library
only). The files are committed; rerunning gives the same bytes.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
# A fixed date so that rerunning writes the same bytes.
DATE = (2026, 9, 1, 0, 0, 0)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)

# The roster's header and one complete child (a sheet ducha can read).
HEADER = ["姓名", "性别", "出生日期", "班级", "监护人姓名", "与儿童关系", "监护人住址", "监护人电话", "父母联系电话"]
CHILD = ["王小明", "男", "2016-03-08", "四(1)班", "王大山", "祖父", "河口镇王家村3组", "13907121234", "13807125678"]


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def inline_row(r, values):
    cells = "".join(
        f'<c r="{col(i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{r}">{cells}</row>'


def sheet(rows_xml, dimension="A1:I2", doctype=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + doctype
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f'<dimension ref="{dimension}"/><sheetData>'
        + rows_xml
        + "</sheetData></worksheet>"
    )


def xlsx(name, sheet_xml, shared='<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>'):
    """An .xlsx of these parts; a sheet_xml of None leaves the sheet out."""
    path = os.path.join(OUT, name)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
    if sheet_xml is not None:
        parts += [("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", shared)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, text in parts:
            info = zipfile.ZipInfo(part, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def main():
    os.makedirs(OUT, exist_ok=True)
    good = inline_row(1, HEADER) + inline_row(2, CHILD)
    # A plain readable roster, the reference for the variants below.
    xlsx("roster-ok.xlsx", sheet(good))
    # The sheet declares the whole grid (XFD1048576) but holds two rows.
    xlsx("dimension-whole-grid.xlsx", sheet(good, dimension="A1:XFD1048576"))
    # A cell pointing at shared string 999 of an empty table.
    oob = inline_row(1, HEADER) + '<row r="2"><c r="A2" t="s"><v>999</v></c></row>'
    xlsx("shared-string-out-of-range.xlsx", sheet(oob))
    # A billion-laughs DOCTYPE before the sheet.
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)
    ) + "]>"
    bomb_row = inline_row(1, HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    xlsx("entity-bomb.xlsx", sheet(bomb_row, doctype=lol))
    # 400 MB of shared strings packed into well under 1 MB.
    many = '<si><t>a</t></si>' * (400_000_000 // 17)
    xlsx(
        "shared-strings-bomb.xlsx",
        sheet(good),
        shared='<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + many + "</sst>",
    )
    # Cells whose row numbers go backwards and repeat.
    back = inline_row(1, HEADER) + inline_row(3, CHILD) + inline_row(2, CHILD) + inline_row(2, CHILD)
    xlsx("rows-out-of-order.xlsx", sheet(back))
    # A cell reference that is no reference.
    badref = inline_row(1, HEADER) + '<row r="2"><c r="??" t="inlineStr"><is><t>x</t></is></c></row>'
    xlsx("bad-cell-reference.xlsx", sheet(badref))
    # A sheet part that is not XML at all.
    xlsx("sheet-not-xml.xlsx", "\x00\x01 not xml at all <<<")
    # A workbook whose sheet part is missing.
    xlsx("sheet-part-missing.xlsx", None)
    # A compound file (the .xls container) with nothing valid in it.
    with open(os.path.join(OUT, "compound-garbage.xls"), "wb") as f:
        f.write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(range(256)) * 8)
    # A .docx that is a zip without word/document.xml.
    path = os.path.join(OUT, "docx-without-document.docx")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", DATE), CONTENT_TYPES)
    # A .docx whose document.xml is a billion-laughs bomb.
    path = os.path.join(OUT, "docx-entity-bomb.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", DATE), CONTENT_TYPES)
        doc = (
            '<?xml version="1.0"?>' + lol
            + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            + "<w:body><w:p><w:r><w:t>2026年 &lol9;</w:t></w:r></w:p></w:body></w:document>"
        )
        z.writestr(zipfile.ZipInfo("word/document.xml", DATE), doc)


if __name__ == "__main__":
    main()

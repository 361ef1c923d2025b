#!/usr/bin/env python3
"""Writes the export conformance cases: NAME.csv and NAME.json (header and rows it must
read as, or substrings of the problems it must be refused with).

    python3 Tests/CoachLabIngestionTests/Conformance/exports/make_cases.py
"""
import json
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))


def case(name, data, header=None, rows=None, problems=None):
    with open(name + ".csv", "wb") as f:
        f.write(data)
    spec = {}
    if header is not None:
        spec["header"] = header
    if rows is not None:
        spec["rows"] = rows
    spec["problems"] = problems or []
    with open(name + ".json", "w") as f:
        f.write(json.dumps(spec, indent=1, ensure_ascii=False) + "\n")


case("bom_crlf", b"\xef\xbb\xbfrep_id,quota\r\nR1,100\r\nR2,200\r\n", ["rep_id", "quota"], [["R1", "100"], ["R2", "200"]])
case("quoted_header", b'"rep_id","Quota, USD"\n"R1","100"\n', ["rep_id", "Quota, USD"], [["R1", "100"]])
case("blank_last_line", b"rep_id,quota\nR1,100\n\n", ["rep_id", "quota"], [["R1", "100"]])
case("blank_lines_between", b"rep_id,quota\n\nR1,100\n\r\n\nR2,200", ["rep_id", "quota"], [["R1", "100"], ["R2", "200"]])
case("no_final_line_break", b"rep_id,quota\nR1,100", ["rep_id", "quota"], [["R1", "100"]])
case("whitespace_around_fields", b" rep_id ,\tquota \n  R1  , 100\t\n" + b'  "R 2" ,"200"\n',
     ["rep_id", "quota"], [["R1", "100"], ["R 2", "200"]])
wide = ["c%d" % i for i in range(1200)]
case("thousand_columns", (",".join(wide) + "\n" + ",".join(str(i) for i in range(1200)) + "\n").encode(),
     wide, [[str(i) for i in range(1200)]])
# Past the first 4 KiB (which is checked for binary data as a whole): line 701.
case("nul_bytes", b"rep_id,quota\n" + b"".join(b"R%d,1\n" % i for i in range(1, 700)) + b"R\x00X,1\n",
     problems=["nul_bytes:701: column 'rep_id'", "holds a NUL byte"])
# Bytes that are not UTF-8 and no multi-byte UTF-8 character: a file in another encoding,
# one problem for the file at its first such line (in the first block, or past it in a value).
case("invalid_utf8", b"rep_id,quota\nR1,100\nR\xff\xfe2,200\n",
     problems=["invalid_utf8:3: is not UTF-8 text (this line holds 'R\\xFF\\xFE2,200')", "looks like windows-1252"])
case("windows1252_past_first_block", b"rep_id,quota\n" + b"".join(b"R%d,1\n" % i for i in range(1, 700)) + b"Jos\xe9,1\nR\xe8,2\n",
     problems=["windows1252_past_first_block:701: column 'rep_id': 'Jos\\xE9' is not UTF-8 text, and the file holds no UTF-8 character beyond ASCII",
               "looks like windows-1252", "`encoding: windows-1252`"])
# A UTF-8 file (it holds é) with a stray byte: that value's problem, as any bad value is.
case("stray_byte_in_utf8", "rep_id,quota\nRé1,100\n".encode() + b"R\xff2,200\n",
     problems=["stray_byte_in_utf8:3: column 'rep_id': 'R\\xFF2' is not valid UTF-8 text"])
case("unterminated_quote_at_end", b'rep_id,quota\nR1,100\n"R2,200\n', problems=["unterminated quoted field"])
case("empty_file", b"", problems=["the file is empty: a header row is required"])
case("header_only", b"rep_id,quota\n", ["rep_id", "quota"], [])
case("header_only_no_line_break", b"rep_id,quota", ["rep_id", "quota"], [])
case("crlf_inside_quotes", b'rep_id,note\r\nR1,"two\r\nlines"\r\nR2,x\r\n', ["rep_id", "note"], [["R1", "two\r\nlines"], ["R2", "x"]])
case("ragged_row", b"rep_id,quota\nR1,100\nR2\nR3,300\n", problems=["ragged_row:3: has 1 fields but the header has 2"])
case("pdf_document", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", problems=["this is a PDF document"])
case("zip_archive", b"PK\x03\x04\x14\x00\x06\x00", problems=["this is a zip archive"])
case("utf16_text", "rep_id,quota\n".encode("utf-16"), problems=["UTF-16"])

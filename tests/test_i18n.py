"""Every text people read exists in both languages, with the same blanks to fill."""

import string

from watcher import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Texts whose languages legitimately fill different blanks (a month number, a month's name).
DIFFERENT_FIELDS = {"report.date_line"}


def test_every_text_has_vietnamese_and_english_with_the_same_fields() -> None:
    for key, texts in i18n._TEXTS.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert texts["vi"].strip() and texts["en"].strip(), key
        if key not in DIFFERENT_FIELDS:
            assert _fields(texts["vi"]) == _fields(texts["en"]), key


def test_a_language_without_the_text_falls_back_to_vietnamese() -> None:
    assert i18n.t("fr", "status.on_time") == i18n.t("vi", "status.on_time") == "Đúng hạn"
    assert i18n.t("en", "status.on_time") == "On time"

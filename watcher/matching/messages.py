"""Sentences for staff, in Vietnamese and English. Kept as (key, params) until shown."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

TEMPLATES: dict[str, tuple[str, str]] = {
    # where the evidence was seen
    "where.name": ("tên tệp", "the file name"),
    "where.folder": ("thư mục “{folder}”", "the folder “{folder}”"),
    "where.text": ("đầu văn bản", "the document heading"),
    "where.subject": ("tiêu đề thư", "the e-mail subject"),
    "where.body": ("nội dung thư", "the e-mail text"),
    # schools
    "school.exact": (
        "{where} có tên trường “{found}”",
        "{where} contains the school name “{found}”",
    ),
    "school.code": (
        "{where} có mã trường “{found}”",
        "{where} contains the school code “{found}”",
    ),
    "school.joined": (
        "{where} có tên trường viết liền “{found}”",
        "{where} contains the school name written as one word “{found}”",
    ),
    "school.reordered": (
        "{where} có các chữ của tên trường, khác thứ tự: “{found}”",
        "{where} contains the words of the school name in another order: “{found}”",
    ),
    "school.fuzzy": (
        "{where} gần giống tên trường: “{found}” (giống {score}%)",
        "{where} resembles the school name: “{found}” ({score}% alike)",
    ),
    "school.level": ("cấp học ghi trong {where}: {level}", "level written in {where}: {level}"),
    "school.level_partial": (
        "cấp học {level} chỉ khớp một phần với {school_level}",
        "level {level} only partly fits {school_level}",
    ),
    "school.no_level": (
        "{where} không ghi cấp học",
        "{where} does not say the level",
    ),
    "school.email_one": (
        "người tải lên ({email}) là e-mail của trường trong danh sách",
        "the uploader ({email}) is the school's e-mail in the roster",
    ),
    "school.email_many": (
        "e-mail người tải lên ({email}) thuộc {count} trường nên chưa đủ để quyết định",
        "the uploader's e-mail ({email}) belongs to {count} schools, so it cannot decide",
    ),
    "school.agree": (
        "{count} nguồn cùng chỉ trường này",
        "{count} sources point to this school",
    ),
    "reject.level": (
        "loại: {where} ghi cấp {level} nhưng trường này là {school_level}",
        "ruled out: {where} says {level} but this school is {school_level}",
    ),
    "reject.number": (
        "loại: {where} có “{found}”, con số {number} không thuộc tên trường này",
        "ruled out: {where} has “{found}”; the number {number} is not part of this school's name",
    ),
    "reject.town": (
        "loại: “{found}” là tên một nơi (xã, phường, thị trấn hay huyện) mà không có cấp học "
        "ghi liền bên cạnh",
        "ruled out: “{found}” is a place's name (a commune, ward, town or district) with no "
        "level written next to it",
    ),
    "reason.town": (
        "“{found}” là tên một nơi (xã, phường, thị trấn hay huyện), không phải tên một trường; "
        "có thể là {choices}",
        "“{found}” is a place's name (a commune, ward, town or district), not a school's: "
        "could be {choices}",
    ),
    "reject.type": (
        "loại: {where} ghi trường dân tộc nội trú (PTDTNT) trước “{found}”, trường này không phải",
        "ruled out: {where} says a boarding school (PTDTNT) before “{found}”; this school is not one",
    ),
    "reason.type": (
        "Tên tệp ghi trường dân tộc nội trú (PTDTNT) “{found}” nhưng danh sách chỉ có {first}",
        "the name says the boarding school (PTDTNT) “{found}” but the roster only has {first}",
    ),
    "reject.shorter": (
        "loại: “{found}” chỉ là một phần của tên trường khác dài hơn",
        "ruled out: “{found}” is only part of a longer school name",
    ),
    "override": (
        "quản trị viên đã gán tệp này (mục [[override]] trong cấu hình)",
        "an admin pinned this file ([[override]] in the config)",
    ),
    # periods
    "period.only": ("kế hoạch chỉ có một kỳ báo cáo", "the plan has only one period"),
    "period.keyword": ("{where} có từ “{keyword}”", "{where} has the word “{keyword}”"),
    "period.year": (
        "{where} có năm {years}, khớp kỳ này",
        "{where} has the year {years}, as this period",
    ),
    "period.year_other": (
        "{where} có năm {years}, không khớp kỳ này",
        "{where} has the year {years}, not this period's",
    ),
    "period.keyword_other": (
        "{where} có từ “{keyword}” chỉ kỳ khác",
        "{where} has the word “{keyword}”, which names another period",
    ),
    "period.conflict": (
        "{where} ghi “{said}”, không khớp kỳ nào hoặc trái với dấu hiệu khác",
        "{where} says “{said}”, which fits no period or contradicts other clues",
    ),
    "period.window": (
        "tải lên lúc {time}, trong thời gian thu của kỳ này (bằng chứng yếu)",
        "uploaded at {time}, within this period's collection time (weak evidence)",
    ),
    "period.no_time": ("không biết thời điểm tải lên", "upload time unknown"),
    # decisions
    "decision.placed": ("xếp vào {school}, kỳ {period}", "placed: {school}, period {period}"),
    "decision.unplaced": ("chưa xếp được: {reason}", "not placed: {reason}"),
    # reasons staff can act on
    "reason.ambiguous": ("Có thể là {choices}", "could be {choices}"),
    "reason.family": (
        "Tên tệp không ghi cấp học và số, có thể là {choices}",
        "the name gives no level or number: could be {choices}",
    ),
    "reason.no_number": (
        "Tên tệp không ghi số của trường, có thể là {choices}",
        "the name gives no school number: could be {choices}",
    ),
    "reason.two_schools": (
        "{where} nhắc đến hai trường: {first} và {second}",
        "{where} names two schools: {first} and {second}",
    ),
    "reason.code_conflict": (
        "Mã trường “{code}” là của {first}, nhưng tên ghi {second}",
        "the school code “{code}” is {first}'s, but the name says {second}",
    ),
    "reason.folder_other": (
        "Tệp nằm trong {where} của {first} nhưng tên tệp ghi {second}",
        "the file is in {where}, {first}'s, but its name says {second}",
    ),
    "reason.not_submission": (
        "Tên tệp có “{said}”: đây là {what}, không phải báo cáo trường nộp",
        "the name says “{said}”: this is {what}, not a school's submission",
    ),
    "reason.not_submission_school": (
        "Tên tệp có “{said}”: đây là {what} về {school}, không phải báo cáo trường nộp",
        "the name says “{said}”: this is {what} about {school}, not a school's submission",
    ),
    "document.feedback": ("nhận xét, góp ý hoặc phản hồi", "comments or feedback"),
    "document.reference": ("bản tham khảo", "a reference copy"),
    "document.assessment": (
        "kết quả kiểm tra, đánh giá hoặc chấm điểm",
        "the result of a check, an assessment or marks",
    ),
    "document.template": ("biểu mẫu", "a template"),
    "document.summary": ("bản tổng hợp", "a compiled summary"),
    "document.guide": ("văn bản hướng dẫn", "a guide"),
    "document.plan": ("kế hoạch", "a plan"),
    "document.list": ("danh sách", "a list"),
    "document.letter": ("công văn, thông báo hoặc quyết định", "a letter, notice or decision"),
    "together.follows": (
        "tệp Word “{word}” cùng thư mục, cùng người tải lên, cách vài phút, đã xác định trường và kỳ",
        "the Word file “{word}” beside it (same folder, same uploader, minutes apart) settles "
        "the school and the period",
    ),
    "list.one": ("{item}", "{item}"),
    "list.or": ("{items} hoặc {last}", "{items} or {last}"),
    "reason.no_school": (
        "Không tìm thấy tên trường trong tên tệp",
        "no school name found",
    ),
    "reason.weak": (
        "Tên tệp gần giống {first} nhưng chưa đủ chắc chắn",
        "the name resembles {first} but not clearly enough",
    ),
    "reason.level": (
        "Tên tệp ghi {level} nhưng danh sách chỉ có {first}",
        "the name says {level} but the roster only has {first}",
    ),
    "reason.number": (
        "Tên tệp ghi “{found}” nhưng danh sách không có trường nào tên như vậy",
        "the name says “{found}” but no school in the roster has that name",
    ),
    "reason.period": (
        "Đã nhận ra trường ({school}) nhưng không rõ kỳ báo cáo",
        "school found ({school}), period unclear",
    ),
    "reason.period_choices": (
        "Đã nhận ra trường ({school}) nhưng không rõ kỳ báo cáo: có thể là {first} hoặc {second}",
        "school found ({school}), period unclear: could be {first} or {second}",
    ),
    "reason.period_conflict": (
        "Đã nhận ra trường ({school}) nhưng không rõ kỳ báo cáo: {detail}",
        "school found ({school}), period unclear: {detail}",
    ),
    # warnings about the document text
    "warn.other_school": (
        "Nội dung văn bản ghi {found}, không phải {school}",
        "the document names {found}, not {school}",
    ),
    "warn.other_period": (
        "Nội dung văn bản có vẻ là {found}, không phải {period}",
        "the document looks like {found}, not {period}",
    ),
}


class Msg(NamedTuple):
    """A sentence not yet put into words: a template key and its values.

    A NamedTuple rather than a dataclass: thousands are made per poll, and they are hashed
    to cache their rendering.
    """

    key: str
    params: tuple[tuple[str, str | Msg], ...] = ()

    def render(self, language: str = "vi") -> str:
        return _render(self, language)


@lru_cache(maxsize=16384)  # the same sentences come back for thousands of files
def _render(message: Msg, language: str) -> str:
    vi, en = TEMPLATES[message.key]
    values = {
        name: value.render(language) if isinstance(value, Msg) else value
        for name, value in message.params
    }
    return (en if language == "en" else vi).format(**values)


def msg(key: str, **params: str | Msg) -> Msg:
    return Msg(key, tuple(params.items()))


def sentence(text: str) -> str:
    """First letter upper-case, as a line on its own reads."""
    return text[:1].upper() + text[1:] if text else text

"""Which dates of a plan are report deadlines, and their last acceptable moment. Pure, no I/O.

The semantics are those of the status stage (`watcher.config.deadline_of`):
"trước ngày D" ends at D-1 23:59:59; "chậm nhất (vào) ngày D", "hạn cuối … ngày D", "trong
ngày D", "đến hết ngày D" end at D 23:59:59; "trước 16 giờ ngày D" ends at 15:59:59 on D.

A date is a deadline only when such words stand right before it and the clause asks for
something to be sent or done (báo cáo, gửi, nộp, hoàn thành, cập nhật, …). So the date of a
cited document ("Kế hoạch số 2551/KH-UBND ngày 23 tháng 5 năm 2023"), of a meeting or event, a
data reference date ("số liệu tính đến ngày 31/5") and the plan's own date are not deadlines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from watcher.plan.dates import DateMention, find_dates

_TIME = r"(?P<hour>\d{1,2})\s*(?:giờ|h|g)\s*(?P<minute>\d{1,2})?\s*(?:phút|p)?\s*[,\-]?\s*"
_WEEKDAY = r"(?:(?:vào\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,\-]?\s*)?"
_BEFORE = re.compile(rf"\btrước\s*(?:{_TIME})?(?:vào\s+)?{_WEEKDAY}(?:ngày)?\s*$", re.IGNORECASE)
_ON = re.compile(
    r"\b(?:chậm\s+nhất|muộn\s+nhất|hạn\s+chót|hạn\s+cuối(?:\s+cùng)?|hạn\s+nộp|thời\s+hạn"
    r"(?:\s+(?:nộp|gửi|hoàn\s+thành)(?:\s+báo\s+cáo)?)?|hết\s+hạn|không\s+quá|không\s+muộn\s+hơn"
    r"|trong|đến\s+hết|hết)"
    rf"\s*(?:là|vào|:|đến)?\s*(?:(?:lúc|vào\s+lúc)?\s*{_TIME})?(?:trong\s+)?{_WEEKDAY}(?:ngày)?\s*$",
    re.IGNORECASE,
)
# "hạn cuối nộp báo cáo về Phòng là ngày D": the deadline words further back in the clause
_FAR = re.compile(
    r"\b(?:chậm\s+nhất|hạn\s+chót|hạn\s+cuối|hạn\s+nộp|thời\s+hạn|hết\s+hạn)\b(?P<gap>[^;.]{0,60})$",
    re.IGNORECASE,
)
_RANGE_END = re.compile(r"\bđến\s*(?:hết\s+)?(?:ngày)?\s*$", re.IGNORECASE)
_SENDING = re.compile(
    r"\b(?:nộp|gửi|nhận|tiếp\s+nhận|cập\s+nhật|hoàn\s+thiện|đăng\s+k[ýí])\b[^;]{0,60}\bđến\s*"
    r"(?:ngày)?\s*$",
    re.IGNORECASE,
)
_RANGE_START = re.compile(r"\btừ\s+(?:ngày\s*)?$", re.IGNORECASE)
_TAIL_TIME = re.compile(
    rf"^\s*[,(]?\s*(?P<word>trước|lúc|vào\s+lúc|chậm\s+nhất(?:\s+lúc)?)\s*{_TIME}", re.IGNORECASE
)
_ASKS = re.compile(
    r"báo\s+cáo|gửi|nộp|hoàn\s+thiện|cập\s+nhật|nhập\s+(?:dữ\s+liệu|số\s+liệu|thông"
    r"\s+tin)|đăng\s+k[ýí]|hồ\s+sơ|danh\s+sách|\bfile\b|\btệp\b|đề\s+xuất|thống\s+kê|kê\s+khai"
    r"|khai\s+báo|tải\s+lên|upload|bản\s+mềm|phản\s+hồi|góp\s+ý|minh\s+chứng|sản\s+phẩm"
    r"|bài\s+dự\s+thi|tham\s+luận|biểu\s+mẫu|phiếu|chuyển\s+về|đăng\s+tải|tổng\s+hợp",
    re.IGNORECASE,
)
# "Các đơn vị thực hiện trước ngày 24/3/2016": the addressees told to finish something
_ACTION = re.compile(
    r"(?:các\s+(?:đơn\s+vị|trường|nhà\s+trường|cơ\s+sở|phòng)|nhà\s+trường|đơn\s+vị"
    r"|hiệu\s+trưởng|thủ\s+trưởng)[^.;]{0,60}?(?:thực\s+hiện|hoàn\s+thành)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"tính\s+(?:đến|từ|tới)|thời\s+điểm|ban\s+hành|ký\s+ngày|hiệu\s+lực|tính\s+đến\s+hết",
    re.IGNORECASE,
)
# the department compiling its own report upward is not something the schools must do
_OWN_REPORT = re.compile(
    r"^\W*(?:phòng\s+(?:gd|giáo\s+dục)|pgd)(?:(?!đề\s+nghị|yêu\s+cầu)[^;]){0,80}?tổng\s+hợp",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<!\bTP)(?<!\bTp)(?<!\bĐT)(?<!\bđt)(?<![A-ZĐ])(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ•·\-–+*])"
)
_BULLET = re.compile(r"^[\s·•\-–+*▪●○◦]+")


@dataclass(frozen=True)
class Deadline:
    label: str
    last_moment: dt.datetime | None  # None: recurring with no plan date to count from
    recurring: str | None  # None | "monthly" | "yearly"
    quote: str


_CONTINUES = re.compile(
    r"(?:ngày|trước|nhất|vào|hạn|là|đến|hết|tháng|năm|lúc|giờ|về|gửi|nộp|qua|và|,)\s*$",
    re.IGNORECASE,
)


def reflow(text: str) -> list[str]:
    """Lines as sentences run: a PDF breaks "… trước" / "ngày 10/9/2022 …" where the page
    ended; a line continues when the next starts in lower case or this one ends mid-phrase."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            lines.append("")
            continue
        previous = lines[-1] if lines else ""
        if (
            previous
            and not previous.endswith((".", ";", ":", "!", "?"))
            and (line[:1].islower() or _CONTINUES.search(previous))
        ):
            lines[-1] = f"{previous} {line}"
        else:
            lines.append(line)
    return lines


def sentences(text: str) -> list[str]:
    """The sentences of a plan, one per line or per full stop, bullets stripped."""
    result: list[str] = []
    for line in reflow(text):
        for part in _SENTENCE_END.split(line):
            part = _BULLET.sub("", part).strip()
            if part:
                result.append(re.sub(r"\s+", " ", part))
    return result


def find_deadlines(
    text: str, *, issued: dt.date | None, zone: ZoneInfo, anchor: dt.date | None = None
) -> list[Deadline]:
    found: list[Deadline] = []
    seen: set[tuple[dt.datetime | None, str | None, str]] = set()
    for sentence in sentences(text):
        for deadline in _in_sentence(sentence, issued or anchor, zone):
            # one deadline written twice (a table row and its cell, a summary) is one deadline
            key = (
                deadline.last_moment,
                deadline.recurring,
                "" if deadline.last_moment else deadline.label,
            )
            if key not in seen:
                seen.add(key)
                found.append(deadline)
    return found


def _in_sentence(sentence: str, issued: dt.date | None, zone: ZoneInfo) -> list[Deadline]:
    mentions = find_dates(sentence)
    result: list[Deadline] = []
    previous_end = 0
    for index, mention in enumerate(mentions):
        clause_start = max(previous_end, sentence.rfind(";", 0, mention.start) + 1)
        lead = sentence[clause_start : mention.start]
        clause = sentence[
            sentence.rfind(";", 0, mention.start) + 1 : _clause_end(sentence, mention)
        ]
        before = mentions[index - 1] if index else None
        rule = _rule(lead, sentence[mention.end :], clause, sentence, before, mention)
        previous_end = mention.end
        if rule is None:
            continue
        kind, time = rule
        moment = _last_moment(mention, kind, time, issued, zone)
        if moment is None and mention.recurring is None:
            continue
        label = _label(
            sentence[sentence.rfind(";", 0, mention.start) + 1 : mention.start], sentence
        )
        result.append(Deadline(label, moment, mention.recurring, sentence))
    return result


def _clause_end(sentence: str, mention: DateMention) -> int:
    end = sentence.find(";", mention.end)
    return len(sentence) if end < 0 else end


def _rule(
    lead: str,
    tail: str,
    clause: str,
    sentence: str,
    before: DateMention | None,
    mention: DateMention,
) -> tuple[str, tuple[int, int] | None] | None:
    """("before" | "on", (hour, minute) or None), or None when the date is no deadline."""
    if not (_ASKS.search(sentence) or _ACTION.search(clause)) or _OWN_REPORT.search(clause):
        return None
    match = _BEFORE.search(lead)
    if match:
        return "before", _time_of(match)
    match = _ON.search(lead)
    kind = "on"
    if not match:
        far = _FAR.search(lead)
        if far and not _REFERENCE.search(far["gap"]):
            match = far
        elif _range_end(lead, sentence, before) and not _REFERENCE.search(clause):
            match = _RANGE_END.search(lead)
    if not match and mention.recurring and not _REFERENCE.search(clause):
        # "báo cáo định kỳ vào ngày 20 hằng tháng": a date that comes back is when to send
        return "on", None
    if not match:
        return None
    time = _time_of(match)
    tail_time = _TAIL_TIME.match(tail)
    if time is None and tail_time:
        time = _time_of(tail_time)
        if tail_time["word"].lower().startswith("trước"):
            kind = "before"
    return kind, time


def _range_end(lead: str, sentence: str, before: DateMention | None) -> bool:
    """ "từ ngày A đến ngày B", "đến hết ngày B": B ends a window for sending."""
    if not _RANGE_END.search(lead):
        return False
    if re.search(r"đến\s+hết\s*(?:ngày)?\s*$", lead, re.IGNORECASE):
        return True
    if _SENDING.search(lead):  # "Thời gian nhận hồ sơ: đến ngày 20/9/2023"
        return True
    return before is not None and bool(_RANGE_START.search(sentence[: before.start]))


def _time_of(match: re.Match[str]) -> tuple[int, int] | None:
    hour = match.groupdict().get("hour")
    if hour is None:
        return None
    minute = match.groupdict().get("minute")
    return int(hour), int(minute or 0)


def _last_moment(
    mention: DateMention,
    kind: str,
    time: tuple[int, int] | None,
    issued: dt.date | None,
    zone: ZoneInfo,
) -> dt.datetime | None:
    day = _day(mention, issued)
    if day is None:
        return None
    if time is None or not (0 <= time[0] <= 24 and 0 <= time[1] < 60):
        start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        moment = start if kind == "before" else start + dt.timedelta(days=1)
        return moment - dt.timedelta(seconds=1)
    hour, minute = time
    moment = dt.datetime.combine(day, dt.time(0), tzinfo=zone) + dt.timedelta(
        hours=hour, minutes=minute
    )
    if kind == "before":
        return moment - dt.timedelta(seconds=1)
    return moment + dt.timedelta(seconds=59) if minute == 59 else moment


def _day(mention: DateMention, issued: dt.date | None) -> dt.date | None:
    """The date meant; a yearless one takes the plan's year (`issued`: its date or anchor)."""
    if mention.year is not None:
        return mention.on(mention.year)
    if mention.recurring == "monthly":
        if issued is None:
            return None
        return _next_monthly(mention.day, issued)
    if issued is None:
        return None
    day = mention.on(issued.year)
    if day is not None and issued is not None and day < issued:
        day = mention.on(issued.year + 1)  # a plan of December asking for "10/1"
    return day


def _next_monthly(day_of_month: int, issued: dt.date) -> dt.date | None:
    year, month = issued.year, issued.month
    for _ in range(13):
        try:
            candidate = dt.date(year, month, day_of_month)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= issued:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


_LABEL_STOP = re.compile(
    r"\s(?:gửi|nộp|về|trước|chậm|muộn|hạn|qua|bằng|theo|cho|tại|lên|vào|trong|đến|hoàn\s+thành|là"
    r"|của\s+các|định\s+kỳ)\b|[,:;()\"“”]",
    re.IGNORECASE,
)
_NOUNS = re.compile(
    r"\b(?:báo\s+cáo|hồ\s+sơ|danh\s+sách|kế\s+hoạch|sản\s+phẩm|minh\s+chứng|số\s+liệu|bài\s+dự"
    r"\s+thi|tham\s+luận|biểu\s+mẫu|phiếu|đề\s+xuất|bản\s+đăng\s+ký|đăng\s+ký)\b",
    re.IGNORECASE,
)


def _label(clause_lead: str, sentence: str) -> str:
    """What is due, read from the words before the date: "Báo cáo năm", "Hồ sơ dự thi"."""
    label = _noun_phrase(clause_lead.strip())
    if len(label.split()) <= 2:
        # "Kỳ báo cáo đầu năm học, …, thời hạn gửi báo cáo là 30/10": the sentence names it
        opening = re.split(r"[,;:(]", sentence, maxsplit=1)[0].strip()
        if 2 < len(opening.split()) <= 10 and _NOUNS.search(opening):
            label = opening
    label = label or "Báo cáo"
    return label[:1].upper() + label[1:]


def _noun_phrase(text: str) -> str:
    noun = _NOUNS.search(text)
    if noun is None:
        return ""
    rest = text[noun.start() :]
    stop = _LABEL_STOP.search(rest, len(noun.group(0)))
    phrase = rest[: stop.start()] if stop else rest
    return " ".join(phrase.split()[:10]).strip(" .-–")

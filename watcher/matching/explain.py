"""Words for people: `watcher explain` output and warnings about a document's own text."""

from __future__ import annotations

from watcher.matching import names
from watcher.matching import periods as period_rules
from watcher.matching.matcher import HEADING_WORDS, Candidate, Explanation, Matcher
from watcher.matching.messages import msg, sentence
from watcher.model import Placement

HEADINGS = {
    "file": ("Tệp", "File"),
    "schools": ("Trường có thể", "Candidate schools"),
    "periods": ("Kỳ báo cáo có thể", "Candidate periods"),
    "none": ("(không có)", "(none)"),
    "decision": ("Kết luận", "Decision"),
    "overridden": ("(theo mục [[override]])", "(by [[override]])"),
    "together": ("Kết luận khi xét cả các tệp bên cạnh", "Decision with the files beside it"),
}


def _heading(key: str, language: str) -> str:
    vi, en = HEADINGS[key]
    return en if language == "en" else vi


def format_explanation(explanation: Explanation, language: str = "vi") -> str:
    """Plain text for the CLI: candidates with scores, the evidence for each, the decision."""
    lines = [f"{_heading('file', language)}: {explanation.file_name} ({explanation.file_id})"]
    for key, candidates in (("schools", explanation.schools), ("periods", explanation.periods)):
        lines.append("")
        lines.append(f"{_heading(key, language)}:")
        lines.extend(_candidate_lines(candidates, language) or ["  " + _heading("none", language)])
    decision = sentence(explanation.decision.render(language))
    if explanation.placement.overridden:
        decision += " " + _heading("overridden", language)
    lines += ["", f"{_heading('decision', language)}: {decision}"]
    return "\n".join(lines)


def _candidate_lines(candidates: tuple[Candidate, ...], language: str) -> list[str]:
    lines = []
    for candidate in candidates:
        lines.append(f"  {candidate.score:5.1f}  {candidate.name} [{candidate.code}]")
        lines.extend(f"         - {sentence(line.render(language))}" for line in candidate.evidence)
    return lines


def mentions_other(
    text: str, placement: Placement, matcher: Matcher, language: str | None = None
) -> str | None:
    """A warning when the document text clearly names another school or period, else None."""
    if not placement.placed or not text.strip():
        return None
    words = names.text_tokens(text)
    found = matcher.index.find(words, local_level_only=True, fuzzy=False)
    language = language or matcher.language
    clear = [hit for hit in found.hits if _clearly(hit.agreement, hit.school, matcher)]
    own = [hit for hit in clear if matcher.index.schools[hit.school].code == placement.school]
    if clear and not own:
        return sentence(
            msg(
                "warn.other_school",
                found=matcher.display(clear[0].school),
                school=_display_code(matcher, placement.school),
            ).render(language)
        )
    for hit in found.hits:
        words[hit.start : hit.end] = ["|"] * (hit.end - hit.start)
    return _other_period(words, placement, matcher, language)


def _clearly(agreement: str, school: int, matcher: Matcher) -> bool:
    """A level next to the name, or a name no other roster school shares."""
    if agreement == "exact":
        return True
    cores = matcher.index.cores[school]
    return agreement == "none" and all(len(matcher.index.exact[core]) == 1 for core in cores)


def _other_period(
    words: list[str], placement: Placement, matcher: Matcher, language: str
) -> str | None:
    if len(matcher.infos) < 2:
        return None
    clue = period_rules.clue(words[:HEADING_WORDS], msg("where.text"), matcher.infos)
    if not clue.named or placement.period in clue.words:
        return None
    current = next(i.period for i in matcher.infos if i.period.id == placement.period)
    said = ", ".join(dict.fromkeys(clue.named))
    return sentence(
        msg("warn.other_period", found=f"“{said}”", period=current.label or current.id).render(
            language
        )
    )


def _display_code(matcher: Matcher, code: str | None) -> str:
    position = matcher.position(code)
    return matcher.display(position) if position is not None else code or ""


def format_together(placement: Placement, matcher: Matcher, language: str = "vi") -> str:
    """The line `watcher explain` adds when a held file follows the Word file beside it."""
    period = next((i.period for i in matcher.infos if i.period.id == placement.period), None)
    label = period.label or period.id if period else placement.period or ""
    decision = msg(
        "decision.placed", school=_display_code(matcher, placement.school), period=label
    ).render(language)
    why = placement.evidence[-1] if placement.evidence else ""
    if placement.basis == "follows" and len(placement.beside) == 2:  # a stored evaluation
        why = sentence(msg("together.follows", word=placement.beside[1]).render(language))
    return f"{_heading('together', language)}: {sentence(decision)}. {why}".rstrip()

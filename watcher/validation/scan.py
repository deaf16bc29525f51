"""Is a scan upload usable: the PDF opens without a password and has pages that are mostly
images; an image decodes completely, is not a pixel bomb, and is large enough to read."""

from __future__ import annotations

import logging
import math
import re
import warnings
from pathlib import Path
from typing import Any

from PIL import Image

from watcher.model import Finding
from watcher.validation.messages import finding
from watcher.validation.policy import ValidationPolicy

PAGES_EXAMINED = 20  # "mostly images" is judged on the first pages only
PAGE_IMAGE_PIXELS = 250_000  # an image this large is a page (a logo or icon is smaller)
PAGE_COVERAGE = 0.4  # share of the page such images must cover (a photo in a report covers less)
CONTENT_BYTES_READ = 4 * 2**20  # longer drawing instructions are not read: the page counts
_FORM_DEPTH = 3

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged uploads are expected, not news


def _number(value: Any) -> int:
    try:
        return int(value.get_object() if hasattr(value, "get_object") else value)
    except (TypeError, ValueError):
        return 0


def _page_content(resources: Any, depth: int = 0) -> tuple[bool, bool]:
    """(has a page-sized image, has fonts) for a resource dictionary and its forms."""
    if resources is None or depth > _FORM_DEPTH:
        return False, False
    resources = resources.get_object()
    has_fonts = bool(resources.get("/Font"))
    xobjects = resources.get("/XObject")
    has_image = False
    for ref in xobjects.get_object().values() if xobjects is not None else ():
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            pixels = _number(xobject.get("/Width")) * _number(xobject.get("/Height"))
            has_image = has_image or pixels >= PAGE_IMAGE_PIXELS
        elif subtype == "/Form":
            image, fonts = _page_content(xobject.get("/Resources"), depth + 1)
            has_image, has_fonts = has_image or image, has_fonts or fonts
    return has_image, has_fonts


def _product(m: list[float], n: list[float]) -> list[float]:
    """m then n, as PDF matrices [a b c d e f] compose (`cm` puts m before the CTM n)."""
    return [
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    ]  # fmt: skip


def _scale(matrix: list[float]) -> float:
    """How much the matrix multiplies areas."""
    return abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])


def _drawn_image_area(
    pdf: Any, content: Any, resources: Any, forms: dict[int, float], depth: int = 0
) -> float:
    """Area, in the content's own units, covered by page-sized images it draws. A form is
    measured once (`forms`) and scaled where drawn, so repeated forms cost nothing more."""
    from pypdf.generic import ContentStream

    if content is None or resources is None or depth > _FORM_DEPTH:
        return 0.0
    xobjects = resources.get_object().get("/XObject")
    named = xobjects.get_object() if xobjects is not None else {}
    stream = content if isinstance(content, ContentStream) else ContentStream(content, pdf)
    if len(stream.get_data()) > CONTENT_BYTES_READ:  # a scan page's are a few lines long
        return math.inf
    ctm, stack, area = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], 0.0
    for operands, operator in stream.operations:
        if operator == b"q":
            stack.append(ctm)
        elif operator == b"Q" and stack:
            ctm = stack.pop()
        elif operator == b"cm" and len(operands) == 6:
            ctm = _product([float(x) for x in operands], ctm)
        elif operator == b"Do" and operands and operands[0] in named:
            xobject = named[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                pixels = _number(xobject.get("/Width")) * _number(xobject.get("/Height"))
                area += _scale(ctm) if pixels >= PAGE_IMAGE_PIXELS else 0.0  # the unit square
            elif xobject.get("/Subtype") == "/Form":
                if id(xobject) not in forms:
                    forms[id(xobject)] = 0.0  # a form that draws itself adds nothing
                    inner = xobject.get("/Resources") or resources
                    forms[id(xobject)] = _drawn_image_area(pdf, xobject, inner, forms, depth + 1)
                matrix = [float(x) for x in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                local = forms[id(xobject)]
                area += local if math.isinf(local) else local * _scale(_product(matrix, ctm))
    return area


def _covers_page(page: Any) -> bool:
    """A scan draws its image over (most of) the page; a document exported with a photo in it
    draws the photo over a part. Unreadable drawing instructions count as covering."""
    box = page.mediabox
    page_area = abs(float(box.width) * float(box.height))
    try:
        drawn = _drawn_image_area(page.pdf, page.get_contents(), page.get("/Resources"), {})
    except (MemoryError, RecursionError):
        raise
    except Exception:  # pypdf's errors on damaged streams are not one hierarchy
        return True
    return page_area <= 0 or drawn >= PAGE_COVERAGE * page_area


def _largest_image(resources: Any, depth: int = 0) -> int:
    """The most pixels any image XObject of a page (or of its forms) declares."""
    if resources is None or depth > _FORM_DEPTH:
        return 0
    xobjects = resources.get_object().get("/XObject")
    largest = 0
    for ref in xobjects.get_object().values() if xobjects is not None else ():
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            largest = max(largest, _number(xobject.get("/Width")) * _number(xobject.get("/Height")))
        elif subtype == "/Form":
            largest = max(largest, _largest_image(xobject.get("/Resources"), depth + 1))
    return largest


def _image_bomb(reader: Any, policy: ValidationPolicy) -> list[Finding]:
    """Page images obey the pixel limit of standalone images. Judged from each image's
    dictionary: nothing is inflated, so a page image that would decode to 1 GiB costs
    nothing to refuse."""
    for page in reader.pages:
        pixels = _largest_image(page.get("/Resources"))
        if pixels > policy.max_image_pixels:
            return [_bomb(pixels)]
    return []


def _bomb(pixels: int) -> Finding:
    megapixels = pixels // 1_000_000
    return finding("image.bomb", detail=(f"{megapixels} triệu điểm ảnh", f"{megapixels} MP"))


def _scan_likeness(reader: Any, policy: ValidationPolicy) -> list[Finding]:
    examined = reader.pages[:PAGES_EXAMINED]
    pages = [_page_content(page.get("/Resources")) for page in examined]
    image_pages = sum(
        1 for (image, _), page in zip(pages, examined, strict=True) if image and _covers_page(page)
    )
    if image_pages * 2 >= len(pages):
        return []
    severity = policy.severity_of(policy.text_only_pdf)
    if severity == "ok":
        return []
    if any(fonts for _, fonts in pages):
        return [finding("scan.text_only", severity)]
    return [finding("scan.blank", severity)]


def _open_pdf(path: Path) -> tuple[Any, Finding | None]:
    from pypdf import PasswordType, PdfReader

    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:  # pypdf raises many kinds on odd encryption dictionaries
            opened = False
        if not opened:
            return None, finding("scan.encrypted")
    return reader, None


def check_pdf(path: Path, policy: ValidationPolicy) -> list[Finding]:
    from pypdf.errors import FileNotDecryptedError

    try:
        reader, problem = _open_pdf(path)
        if problem is not None:
            return [problem]
        if len(reader.pages) == 0:
            return [finding("scan.no_pages")]
        return _image_bomb(reader, policy) or _scan_likeness(reader, policy)
    except FileNotDecryptedError:
        return [finding("scan.encrypted")]
    except MemoryError:
        raise
    except RecursionError:
        return [finding("scan.corrupt", detail=("cấu trúc lồng quá sâu", "nesting too deep"))]
    except Exception:  # pypdf's errors on damaged files are not one hierarchy
        return [finding("scan.corrupt", detail=("cấu trúc PDF hỏng", "damaged PDF structure"))]


def _decode(image: Image.Image) -> None:
    """Decode every pixel (a truncated JPEG passes verify() and fails only here).

    JPEGs decode at 1/8 scale: the whole stream is still read, at 1/64 of the memory.
    """
    if image.format == "JPEG":
        image.draft(image.mode, (max(image.width // 8, 1), max(image.height // 8, 1)))
    image.load()


def _size_findings(width: int, height: int, policy: ValidationPolicy) -> list[Finding]:
    if width * height > policy.max_image_pixels:
        return [_bomb(width * height)]
    long_side = max(width, height)
    for limit, setting in (
        (policy.tiny_image_px, policy.tiny_image),
        (policy.min_image_px, policy.small_image),
    ):
        severity = policy.severity_of(setting)
        if long_side < limit and severity != "ok":
            return [finding("image.too_small", severity, width=width, height=height,
                            min_px=policy.min_image_px)]  # fmt: skip
    return []


def check_image(path: Path, policy: ValidationPolicy) -> list[Finding]:
    try:
        return _check_image(path, policy)
    except MemoryError:
        raise  # not the image's fault alone: validate_file reports the check as crashed
    except Exception:  # Pillow raises OSError, SyntaxError, IndexError, ValueError...
        return [finding("image.corrupt", detail=("dữ liệu ảnh hỏng", "damaged image data"))]


def _check_image(path: Path, policy: ValidationPolicy) -> list[Finding]:
    # Pillow's own bomb guard follows the setting: left at its built-in ~89 MP, it would
    # refuse a 108 MP phone photo even where the admin raised max_image_pixels to allow it.
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, policy.max_image_pixels
    try:
        return _open_and_decode(path, policy)
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def _open_and_decode(path: Path, policy: ValidationPolicy) -> list[Finding]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's notes on odd files are not findings
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                size_problems = _size_findings(image.width, image.height, policy)
                if any(f.code == "image.bomb" for f in size_problems):
                    return size_problems  # never decode it
                image.verify()  # a damaged image is damaged first, small second
            with Image.open(path) as image:
                _decode(image)
        return size_problems
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        pixels = re.search(r"\((\d+) pixels\)", str(error))
        megapixels = int(pixels.group(1)) // 1_000_000 if pixels else 0
        return [finding("image.bomb", detail=(f"{megapixels} triệu điểm ảnh", f"{megapixels} MP"))]
    except ValueError as error:
        if "too large" not in str(error):  # PNG text chunks that inflate without end
            raise
        return [
            finding("image.bomb", detail=("khối dữ liệu nén quá lớn", "oversized compressed data"))
        ]

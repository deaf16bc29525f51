"""The knobs of the upload checks. Every field is a config key under [validation]."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY_CHOICES = ("ok", "warning", "problem")  # "ok": the check says nothing


@dataclass(frozen=True)
class ValidationPolicy:
    max_bytes: int = 50 * 2**20  # over this: problem "file.too_large", the file is not opened
    # Non-space characters the Word body must hold. The corpus has good one-word documents
    # ("Hello", text only in a text box or ruby), so the default only catches truly empty
    # bodies; a blank template is caught by `blank_template_sha256` instead.
    min_text_chars: int = 1
    legacy_doc: str = "warning"  # real Word 97-2003 .doc: "warning" | "problem"
    text_only_pdf: str = "warning"  # PDF without page images (exported, not scanned)
    # An A4 page's long side is 11.7 in: 1000 px is about 85 dpi, where 12-point text is still
    # legible but a signature or stamp may not be (a warning); 600 px is about 50 dpi, where a
    # letter is 3-4 px high and nothing on the page can be read (a problem).
    min_image_px: int = 1000  # long side of an image scan, in pixels
    small_image: str = "warning"  # severity of an image under min_image_px
    tiny_image_px: int = 600  # long side under which an image cannot hold a legible A4 page
    tiny_image: str = "problem"  # severity of an image under tiny_image_px
    blank_template_sha256: tuple[str, ...] = ()  # file or text fingerprints (see fingerprint())
    max_uncompressed_bytes: int = 256 * 2**20  # whole .docx package, inflated
    max_compression_ratio: float = 200.0  # per part over 1 MiB; real documents stay under 40
    max_zip_entries: int = 5000
    max_image_pixels: int = 90_000_000  # larger images are refused as "image.bomb"
    timeout_seconds: float = 30.0  # one file, in the isolated checker
    memory_limit_mb: int = 1536  # address space of the isolated checker process

    def severity_of(self, setting: str) -> str:
        """ "ok", "warning" or "problem"; a check set to "ok" adds no finding."""
        return setting if setting in SEVERITY_CHOICES else "warning"

    def problems(self) -> list[tuple[str, str, dict[str, object]]]:
        """Errors for `watcher check` as (key, text key, values); empty when the policy is sound.

        The texts live in watcher/i18n/config.py, so the admin reads them in their language.
        """
        errors: list[tuple[str, str, dict[str, object]]] = []
        for key in ("legacy_doc", "text_only_pdf", "small_image", "tiny_image"):
            if getattr(self, key) not in SEVERITY_CHOICES:
                errors.append((f"validation.{key}", "config.severity_choice", {}))
        for key in (
            "max_bytes",
            "max_uncompressed_bytes",
            "max_zip_entries",
            "memory_limit_mb",
            "tiny_image_px",
        ):
            if getattr(self, key) <= 0:
                errors.append((f"validation.{key}", "config.positive", {}))
        if self.timeout_seconds <= 0:
            errors.append(("validation.timeout_seconds", "config.positive", {}))
        if self.tiny_image_px > self.min_image_px:
            errors.append(
                ("validation.tiny_image_px", "config.at_most", {"limit": self.min_image_px})
            )
        if self.max_compression_ratio < 10:
            errors.append(("validation.max_compression_ratio", "config.at_least", {"limit": 10}))
        return errors

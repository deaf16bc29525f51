"""A department's upload folder as schools fill it: one subfolder per school."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.drivestub.server import DriveStub

PERIODS = ("Báo cáo năm", "Báo cáo sơ kết", "Báo cáo tổng kết")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class District:
    root: str
    schools: dict[str, str] = field(default_factory=dict)  # school folder name -> folder id
    files: list[str] = field(default_factory=list)


def build_district(stub: DriveStub, schools: int, *, periods: int = 3) -> District:
    """`schools` subfolders, each with a Word file and a scan per period (tiny contents)."""
    district = District(stub.add_folder("Báo cáo CĐ Môi trường Q7"))
    for number in range(1, schools + 1):
        name = f"Trường TH số {number}"
        folder = stub.add_folder(name, district.root)
        district.schools[name] = folder
        for period in PERIODS[:periods]:
            district.files.append(
                stub.add_file(
                    f"{period} - {name}.docx", folder, f"W{number}{period}".encode(), DOCX
                )
            )
            district.files.append(
                stub.add_file(
                    f"{period} - {name} (scan).pdf", folder, f"%PDF{number}{period}".encode()
                )
            )
    return district

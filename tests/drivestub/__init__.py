"""A stand-in for the Google Drive v3 API, for tests and benchmarks (see server.py)."""

from tests.drivestub.server import DOCX, DriveStub, Faults

__all__ = ["DOCX", "DriveStub", "Faults"]

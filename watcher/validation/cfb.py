"""Just enough of the OLE2 compound file format (.doc, .xls, encrypted .docx) to tell them apart.

Reads the directory (stream names) and the first bytes of one stream. Every chain walk is
bounded and cycle-checked, so a hostile file costs at most a few thousand sector reads.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTORS = 4096  # longest chain we follow (a 2 MB directory at 512-byte sectors)


class CfbError(ValueError):
    pass


class CompoundFile:
    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        header = self._read_at(0, 512)
        if len(header) < 512 or header[:8] != MAGIC:
            raise CfbError("not a compound file")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise CfbError(f"bad sector shift {shift}")
        self.sector_size = 1 << shift
        self._directory_start = struct.unpack_from("<I", header, 0x30)[0]
        self._fat_sectors = self._read_difat(header)
        self.entries = self._read_directory()

    def _read_at(self, offset: int, size: int) -> bytes:
        self._handle.seek(offset)
        return self._handle.read(size)

    def _sector(self, number: int) -> bytes:
        data = self._read_at((number + 1) * self.sector_size, self.sector_size)
        if len(data) < self.sector_size:
            raise CfbError(f"sector {number} is past the end of the file")
        return data

    def _read_difat(self, header: bytes) -> list[int]:
        fat = [n for n in struct.unpack_from("<109I", header, 0x4C) if n < 0xFFFFFFFA]
        next_difat, per_sector = struct.unpack_from("<I", header, 0x44)[0], self.sector_size // 4
        seen: set[int] = set()
        while next_difat < 0xFFFFFFFA and next_difat not in seen and len(seen) < _MAX_SECTORS:
            seen.add(next_difat)
            numbers = struct.unpack(f"<{per_sector}I", self._sector(next_difat))
            fat.extend(n for n in numbers[:-1] if n < 0xFFFFFFFA)
            next_difat = numbers[-1]
        return fat

    def _next(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        index, slot = divmod(sector, per_sector)
        if index >= len(self._fat_sectors):
            raise CfbError("sector chain leaves the allocation table")
        return struct.unpack_from("<I", self._sector(self._fat_sectors[index]), slot * 4)[0]

    def _chain(self, start: int) -> list[int]:
        chain: list[int] = []
        sector = start
        while sector != _END_OF_CHAIN:
            if sector >= 0xFFFFFFFA or sector in chain or len(chain) >= _MAX_SECTORS:
                raise CfbError("broken sector chain")
            chain.append(sector)
            sector = self._next(sector)
        return chain

    def _read_directory(self) -> dict[str, tuple[int, int]]:
        """Stream and storage names -> (start sector, size)."""
        entries: dict[str, tuple[int, int]] = {}
        for sector in self._chain(self._directory_start):
            data = self._sector(sector)
            for offset in range(0, len(data), 128):
                raw = data[offset : offset + 128]
                name_length = struct.unpack_from("<H", raw, 0x40)[0]
                if raw[0x42] not in (1, 2, 5) or not 2 <= name_length <= 64:
                    continue
                name = raw[: name_length - 2].decode("utf-16-le", errors="replace")
                start, size = struct.unpack_from("<IQ", raw, 0x74)
                entries[name] = (start, size & 0xFFFFFFFF if self.sector_size == 512 else size)
        return entries

    def stream_head(self, name: str) -> bytes:
        """The first sector of a stream stored in regular sectors (Word's FIB lives there)."""
        start, size = self.entries[name]
        if size < 4096:
            raise CfbError(f"{name} is in the mini stream")
        return self._sector(start)


def word_binary_encrypted(fib_head: bytes) -> bool:
    """fEncrypted (bit 0x0100 of the flags at offset 0x0A of the Word FIB)."""
    return len(fib_head) >= 12 and bool(struct.unpack_from("<H", fib_head, 0x0A)[0] & 0x0100)

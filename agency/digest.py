"""The quarterly digest "Kinerja BPOM Dalam Angka" as a kind of report (placeholder until built)."""


def register() -> None:
    return None

"""What a landing did, per family: files landed, refused, unchanged and still being written.

The ingest assets put it in their materialization metadata (``landing_report``) and ``make
run`` prints it at the end, so a file a person just copied is never ignored in silence: it is
landed, refused with the reason, or listed as waiting for a later run.
"""

from dataclasses import asdict, dataclass, field

from .ingest_log import LandingOutcome


@dataclass
class FamilyReport:
    family: str
    outcomes: list[LandingOutcome] = field(default_factory=list)  # files read this run
    unchanged: list[str] = field(default_factory=list)  # landed before, same content and seeds
    waiting: list[str] = field(default_factory=list)  # still being written: a later run
    seeds_fingerprint: str = ""

    @property
    def landed(self) -> list[LandingOutcome]:
        return [o for o in self.outcomes if o.status == "landed"]

    @property
    def refused(self) -> list[LandingOutcome]:
        return [o for o in self.outcomes if o.status == "refused"]

    def totals(self) -> dict[str, int]:
        return {
            "files_found": len(self.outcomes) + len(self.unchanged) + len(self.waiting),
            "files_read": len(self.outcomes),
            "files_landed": len(self.landed),
            "files_refused": len(self.refused),
            "files_unchanged": len(self.unchanged),
            "files_still_being_written": len(self.waiting),
            "rows_landed_this_run": sum(o.rows_landed for o in self.outcomes),
            "rows_duplicate_this_run": sum(o.rows_duplicate for o in self.outcomes),
            "rows_quarantined_this_run": sum(o.rows_quarantined for o in self.outcomes),
        }

    def as_json(self) -> dict:
        """For the asset's metadata; ``from_json`` reads it back in ``make run``'s summary."""
        return {
            "family": self.family,
            "outcomes": [asdict(o) for o in self.outcomes],
            "unchanged": self.unchanged,
            "waiting": self.waiting,
            "seeds_fingerprint": self.seeds_fingerprint,
        }

    @classmethod
    def from_json(cls, data: dict) -> "FamilyReport":
        return cls(
            data["family"],
            [LandingOutcome(**o) for o in data["outcomes"]],
            list(data["unchanged"]),
            list(data["waiting"]),
            data.get("seeds_fingerprint", ""),
        )

    def summary_lines(self, files_listed: int = 10) -> list[str]:
        """``bapanas: 3 landed (12,345 rows, 2 quarantined), 1 refused, 1 waiting`` and the
        refused and waiting files by name (the first ``files_listed`` of each)."""
        t = self.totals()
        head = (
            f"  {self.family}: {t['files_landed']} landed ({t['rows_landed_this_run']:,} rows, "
            f"{t['rows_duplicate_this_run']:,} duplicates, {t['rows_quarantined_this_run']:,} "
            f"quarantined), {t['files_refused']} refused, {t['files_unchanged']} unchanged, "
            f"{t['files_still_being_written']} waiting"
        )
        lines = [head]
        for outcome in self.refused[:files_listed]:
            lines.append(f"    refused {outcome.source_file}: {outcome.message}")
        for name in self.waiting[:files_listed]:
            lines.append(
                f"    waiting {name}: still being written (it changed while this run watched "
                "it); the next run reads it"
            )
        hidden = max(0, len(self.refused) - files_listed) + max(0, len(self.waiting) - files_listed)
        if hidden:
            lines.append(f"    ... and {hidden} more (meta.ingest_log, the asset's metadata)")
        return lines

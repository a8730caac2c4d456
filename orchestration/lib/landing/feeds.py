"""Which files in each landing folder are feed files, and the digest that tells a folder changed.

The landing sensor watches these folders, each ingest reads them, and a refresh runs only the
ingests whose digest moved since they last landed (``orchestration/refresh.py``): all three use
this one list of folders and this one digest.
"""

from collections.abc import Iterable, Sequence

from sources.agreements.layouts import FAMILIES as AGREEMENT_FAMILIES
from sources.agreements.layouts import is_agreement_file
from sources.bps.layouts import FAMILY as STATISTICS_FAMILY
from sources.bps.layouts import is_statistics_file
from sources.prices.layouts import FAMILIES as PRICE_FAMILIES
from sources.prices.layouts import is_price_file

from .discovery import FeedRoot, found_files, signatures_digest

# the landing subfolders a run ingests, and which files in each are feed files
FEEDS = {
    **{family: (lambda p, f=family: is_price_file(p, f)) for family in PRICE_FAMILIES},
    STATISTICS_FAMILY: is_statistics_file,
    **{family: (lambda p, f=family: is_agreement_file(p, f)) for family in AGREEMENT_FAMILIES},
}


def feed_digest(roots: Sequence[FeedRoot], families: Iterable[str], seeds_fingerprint: str) -> str:
    """A digest of every file (ready or still being written) of ``families`` under ``roots``,
    by name and ``stat_key``, and of the seeds they are read with: equal digests
    mean an ingest would find nothing it has not already seen."""
    signatures = [
        feed_file.signature()
        for family in families
        for feed_file in found_files(roots, family, FEEDS[family])
    ]
    return signatures_digest([*signatures, f"seeds|{seeds_fingerprint}"])

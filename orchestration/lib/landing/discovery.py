"""Which files of a family a run finds, and which of them are still being written.

A file is named by its path relative to its root's display root (the repository for the bundled
snapshot, the landing folder's parent for dropped files), so ``sources/prices/data/pihps/...`` and
``landing/pihps/...`` never share a name. A link that leads out of the family's folder is found
(to be refused) but never read.

A landing file modified less than ``settle_seconds`` ago may still be being copied. The landing
sensor leaves such a file for a later tick. A run a person started (``make run``, the UI) does
not: it watches the young files for ``stable_seconds`` and reads each whose size and modification
time did not change meanwhile; one that did is reported as waiting, never skipped in silence.
"""

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from sources.common.paths import REPO_ROOT, display_path

# How long a run watches a young file for changes before it reads it.
DEFAULT_STABLE_SECONDS = 2.0


@dataclass(frozen=True)
class FeedRoot:
    """A folder with one subfolder per family. Files modified less than ``settle_seconds`` ago
    wait, unless ``stable_seconds`` is set: then they are read when they stay unchanged that long
    (the bundled snapshot is complete by construction and settles at once)."""

    folder: Path
    display_root: Path
    settle_seconds: float = 0.0
    stable_seconds: float | None = None


def feed_roots(
    bundled_dir: Path, landing_root: Path, settle_seconds: float, stable_seconds: float | None
) -> list[FeedRoot]:
    """Where a run looks for a family's files: the bundled snapshot, then the landing folder."""
    return [
        FeedRoot(bundled_dir, REPO_ROOT),
        FeedRoot(landing_root, landing_root.parent, settle_seconds, stable_seconds),
    ]


def stat_key(path: Path, follow: bool = True) -> str:
    """``size|mtime_ns|ctime_ns|inode``: the quick check git and make rely on. A file rewritten
    in place, or another file moved or copied over it, changes its change time or inode, which no
    tool can set back, even when it keeps its size and modification time."""
    info = path.stat() if follow else path.lstat()
    return f"{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}|{info.st_ino}"


@dataclass(frozen=True)
class FeedFile:
    """A file of a family under a root; ``outside_root`` marks a link leading out of it."""

    path: Path
    display_root: Path
    family: str
    outside_root: bool = False
    # size, modification and change times and inode when it was found (``stat_key``): what the
    # ingest log compares before it reads the file for its sha256
    found_as: str = ""

    @property
    def source_file(self) -> str:
        # the folder is resolved, the name is not: a link is named as the link, not its target
        folder = PurePosixPath(display_path(self.path.parent, self.display_root))
        return (folder / self.path.name).as_posix()

    @property
    def size_bytes(self) -> int:
        return (self.path.lstat() if self.outside_root else self.path.stat()).st_size

    def signature(self) -> str:
        """``source_file|stat_key``: what tells the refresh and the sensor, without reading the
        file, that it changed (a link leading out of the root by the link itself)."""
        return f"{self.source_file}|{stat_key(self.path, follow=not self.outside_root)}"

    def stat_key(self) -> str:
        return stat_key(self.path)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with open(self.path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def signatures_digest(signatures: Iterable[str]) -> str:
    """One digest over file signatures, whatever order they were found in ("" for none)."""
    lines = sorted(signatures)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest() if lines else ""


@dataclass(frozen=True)
class Discovery:
    ready: list[FeedFile] = field(default_factory=list)
    waiting: list[FeedFile] = field(default_factory=list)  # still being written


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:  # moved away while it was watched
        return None
    return info.st_size, info.st_mtime_ns


def discover(
    roots: Sequence[FeedRoot],
    family: str,
    accepts: Callable[[Path], bool],
    now: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Discovery:
    """Every file of ``family`` under ``<root>/<family>/`` for each root, in a stable order,
    split into files ready to read and files still being written."""
    now = time.time() if now is None else now
    found: list[FeedFile] = []  # in discovery order: roots in order, paths sorted
    young: dict[FeedFile, tuple[FeedRoot, tuple[int, int]]] = {}
    for root in roots:
        folder = root.folder / family
        if not folder.is_dir():
            continue
        inside = folder.resolve()
        for path in sorted(folder.rglob("*")):
            if not (path.is_file() and accepts(path)):
                continue
            outside = not path.resolve().is_relative_to(inside)
            feed_file = FeedFile(path, root.display_root, family, outside)
            if not outside:
                feed_file = replace(feed_file, found_as=feed_file.stat_key())
            found.append(feed_file)
            if not outside and now - path.stat().st_mtime < root.settle_seconds:
                young[feed_file] = (root, _stat(path))
    watch = [r.stable_seconds for r, _ in young.values() if r.stable_seconds is not None]
    if watch:
        sleep(max(watch))  # one wait for all of them
    waiting = {
        feed_file
        for feed_file, (root, before) in young.items()
        if root.stable_seconds is None or _stat(feed_file.path) != before
    }
    return Discovery([f for f in found if f not in waiting], [f for f in found if f in waiting])


def found_files(roots: Sequence[FeedRoot], family: str, accepts: Callable[[Path], bool]):
    """Every file of ``family`` under ``roots``, ready or still being written, without waiting
    for any of them."""
    settled = [replace(root, settle_seconds=0.0, stable_seconds=None) for root in roots]
    return discover(settled, family, accepts).ready

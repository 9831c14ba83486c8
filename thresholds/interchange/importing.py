"""Importing a framework file (XLSX, CSV or fixture JSON) into a draft: the rules `import_spreadsheet` applies.

The whole file is checked first (`spreadsheet.import_bytes`): any problem rejects it with every
problem listed and nothing written. An import only makes or changes a draft: a published framework
(current or superseded) is never changed in place, the file's Status must be draft, and a Successor
must be stored. Every rejected or refused import is logged (logger `thresholds.interchange`) with the
framework's code and how many rows were rejected, never a cell's contents.
"""

from __future__ import annotations

import logging

from django.db import transaction

from .. import models
from .load import LoadResult, link_successors, load_framework
from .spreadsheet import ImportRejected, import_bytes

logger = logging.getLogger("thresholds.interchange")

PUBLISHED = (models.Framework.Status.CURRENT, models.Framework.Status.SUPERSEDED)


class ImportRefused(Exception):
    """The file is valid but may not be imported as asked; the message says why, in the command's words.

    `rule` names the rule that refused it in fixed words, for the log (the message quotes the file).
    """

    def __init__(self, message: str, *, rule: str):
        super().__init__(message)
        self.rule = rule


def framework_import(*, raw: bytes, fmt: str, slug: str | None = None) -> LoadResult:
    """Check the file, then load it into a draft (`slug`: as this framework instead of the file's).

    Raises ImportRejected (every problem in the file) or ImportRefused (a published target, a file
    that is not a draft, an unknown successor, a framework the portal manages); nothing is written then.
    """
    try:
        data = import_bytes(raw, fmt)
    except ImportRejected as exc:
        rows = {(e.sheet, e.row) for e in exc.errors}  # a whole sheet or section counts as one
        logger.warning(
            "import rejected: framework %s, %d problem(s) on %d row(s)",
            slug or exc.slug or "(unknown)",
            len(exc.errors),
            len(rows),
        )
        raise
    if slug:
        data["framework"]["slug"] = slug
    try:
        result = _load(data)
    except ImportRefused as exc:
        logger.warning("import refused: framework %s: %s", data["framework"]["slug"], exc.rule)
        raise
    if result.kept:
        # load_framework leaves a framework the portal manages alone (and writes nothing): say so,
        # rather than report an import that did not happen.
        message = f"{result.framework} is managed in the portal, so load_framework did not apply the file."
        logger.warning("import refused: framework %s: managed in the portal", result.framework)
        raise ImportRefused(message, rule="managed in the portal")
    return result


@transaction.atomic
def _load(data: dict) -> LoadResult:
    _check_target(data["framework"])
    result = load_framework(data)
    for _, change in link_successors([data]):
        if not result.created:  # as load_frameworks counts it: a new framework gets its successor as it is made
            result.updated += 1
        result.details.append(change)
    return result


def _check_target(fw: dict) -> None:
    # Locked until the load commits: a publish cannot slip in between this check and the write.
    existing = models.Framework.objects.select_for_update().filter(slug=fw["slug"]).first()
    if existing is not None and existing.status in PUBLISHED:
        raise ImportRefused(
            f"{existing.slug} is {existing.status}: a published framework is never changed in place. "
            "Import into a draft or a new framework with --slug.",
            rule="published frameworks are not changed in place",
        )
    if fw["status"] != models.Framework.Status.DRAFT:
        raise ImportRefused(
            f"the file's Status is {fw['status']!r}: an import only makes or changes a draft. "
            "Set Status to draft; publishing is a separate step.",
            rule="the file is not a draft",
        )
    successor = fw.get("successor")
    if successor and not models.Framework.objects.filter(slug=successor).exists():
        raise ImportRefused(f"Framework, Successor: no framework {successor!r} is stored.", rule="unknown successor")

"""The partnership admins' admin: their own partnership's guidance, drafts editable, published versions read-only.

A partnership admin (role "admin", staff) sees and changes only their partnership's frameworks and
rows; a superuser sees everything; practitioners and leads have no admin at all (`thresholds.access`,
which also holds the admin site, `ThresholdAdminSite`). A published framework is never edited in place,
because assessments point at it: the way to change guidance is "Draft a new version", edit the draft,
"Show changes", "Validate" and "Publish" (thresholds.versioning). Every change is recorded by
django-simple-history; a draft's rows can be reverted from their history.

- `scoping`: which frameworks and rows one request may see and change; the base admin and inline.
- `workflow`: the draft / show changes / validate / publish pages and actions.
- `frameworks`: FrameworkAdmin, with its rows inline.
- `rows`: the row admins (levels, areas, domains, indicators, services, opening hours, pathways, process data).
- `partnerships`: PartnershipAdmin.
- `forms`: PathwayForm.  `logs`: publishes and refusals (logger "thresholds.admin").

Importing this package (Django's admin autodiscovery does) registers every admin on `admin.site`.
"""

from . import frameworks, partnerships, rows
from .forms import PathwayForm

__all__ = ["PathwayForm", "frameworks", "partnerships", "rows"]

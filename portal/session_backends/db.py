"""The database session store, expiring at the last refresh plus the idle timeout (see the package)."""

from django.contrib.sessions.backends import db

from . import RefreshedExpiryMixin


class SessionStore(RefreshedExpiryMixin, db.SessionStore):
    pass

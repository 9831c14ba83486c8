"""The cached database session store (Redis in front), expiring at the last refresh plus the idle timeout."""

from django.contrib.sessions.backends import cached_db

from . import RefreshedExpiryMixin


class SessionStore(RefreshedExpiryMixin, cached_db.SessionStore):
    pass

"""Create the demo organisations and users (one per role per partnership), a sent assessment from each demo
practitioner for the demo lead to triage, and print how to sign in.

For development and demonstrations only: it refuses to run when DEBUG is off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.models import Organisation, User
from referrals.demo import send_demo_assessment, send_demo_family, send_demo_rereferral
from thresholds.models import Partnership

DEMO_PASSWORD = "threshold-demo"  # noqa: S105 - printed on purpose: demo accounts on a developer's machine

# (partnership slug, short name, agency of the practitioner)
PARTNERSHIPS = [
    ("herefordshire-worcestershire", "hw", "Demo Primary School"),
    ("stoke-on-trent", "stoke", "Demo Health Visiting Team"),
    ("sefton", "sefton", "Demo Police Team"),
]
ROLES = [
    (User.Role.PRACTITIONER, "practitioner", "Pat", "Practitioner"),
    (User.Role.LEAD, "lead", "Lee", "Lead"),
    (User.Role.ADMIN, "admin", "Ada", "Admin"),
]


class Command(BaseCommand):
    help = "Create demo users for each role in each partnership (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (tests, demos).")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_users only runs in development (DEBUG on), or with --force.")
        rows = []
        for slug, short, agency in PARTNERSHIPS:
            partnership = Partnership.objects.filter(slug=slug).first()
            if partnership is None:
                continue
            organisation, _ = Organisation.objects.get_or_create(partnership=partnership, name=agency)
            partnership_office, _ = Organisation.objects.get_or_create(partnership=partnership, name=partnership.name)
            for role, suffix, first, last in ROLES:
                username = f"{short}-{suffix}"
                user, created = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first, last
                user.email = f"{username}@example.org"
                user.role = role
                user.partnership = partnership
                user.organisation = organisation if role == User.Role.PRACTITIONER else partnership_office
                user.is_staff = role == User.Role.ADMIN
                if created:
                    user.set_password(DEMO_PASSWORD)
                user.save()
                rows.append((username, user.get_role_display(), partnership.name))
            practitioner = User.objects.get(username=f"{short}-practitioner")
            if sent := send_demo_assessment(practitioner):
                self.stdout.write(f"Sent demo assessment {sent.reference} from {practitioner.username}")
            if slug == "sefton" and (family := send_demo_family(practitioner)):
                references = ", ".join(child.reference for child in family)
                self.stdout.write(f"Sent a demo family of {len(family)} ({references}) from {practitioner.username}")
            lead = User.objects.get(username=f"{short}-lead")
            if again := send_demo_rereferral(practitioner, lead):  # issue 17: a child referred twice (Sefton)
                self.stdout.write(f"Sent demo re-referral {again.reference} from {practitioner.username}")
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for username, role_name, partnership_name in rows:
            self.stdout.write(f"  {username:20} {role_name:18} {partnership_name}")

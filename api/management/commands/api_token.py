"""`python manage.py api_token create|list|revoke`: the integration API's tokens.

api_token create --partnership SLUG --name NAME [--scope read|write]   the token on the LAST line, once
api_token list [--partnership SLUG]                                      id, prefix, partnership, scope, ...
api_token revoke ID_OR_PREFIX                                            revoked from now on
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thresholds.models import Partnership

from ...models import ApiToken
from ...tokens import api_token_create, api_token_revoke, api_tokens_matching


def _partnership(slug: str) -> Partnership:
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Partnership.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"No partnership {slug!r}. Partnerships: {known}.")
    return found


class Command(BaseCommand):
    help = "Make, list and revoke the integration API's tokens (only a token's hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = commands.add_parser("create", help="Make a token; it is printed once, on the last line.")
        create.add_argument("--partnership", required=True, metavar="SLUG")
        create.add_argument("--name", required=True, help="Which case system uses it.")
        create.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        listing = commands.add_parser("list", help="The tokens (never the tokens themselves: their prefixes).")
        listing.add_argument("--partnership", metavar="SLUG")
        revoke = commands.add_parser("revoke", help="Revoke a token, by its id or the start of the token.")
        revoke.add_argument("token", metavar="ID_OR_PREFIX")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        partnership = _partnership(options["partnership"])
        try:
            made = api_token_create(partnership=partnership, name=options["name"], scope=options["scope"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        token = made.token
        self.stdout.write(
            f"Made token {token.pk} ({token.prefix}…) for {partnership.name}, scope {token.scope}: "
            f"{token.name}. Keep it now: it is shown only this once."
        )
        self.stdout.write(made.secret)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("partnership").order_by("partnership__slug", "pk")
        if options["partnership"]:
            tokens = tokens.filter(partnership=_partnership(options["partnership"]))
        self.stdout.write("id\tprefix\tpartnership\tscope\tname\tcreated\tlast used\trevoked")
        for t in tokens:
            when = [f"{d:%Y-%m-%d %H:%M}" if d else "-" for d in (t.created, t.last_used, t.revoked_at)]
            self.stdout.write("\t".join([str(t.pk), t.prefix, t.partnership.slug, t.scope, t.name, *when]))

    def _revoke(self, options: dict[str, Any]) -> None:
        matching = list(api_tokens_matching(id_or_prefix=options["token"].strip()))
        if not matching:
            raise CommandError(f"No token {options['token']!r}: give its id or at least 8 characters of its start.")
        if len(matching) > 1:
            raise CommandError(f"{len(matching)} tokens start with {options['token']!r}: give its id instead.")
        token = matching[0]
        if not api_token_revoke(token=token):
            raise CommandError(f"Token {token.pk} ({token.prefix}…) was already revoked.")
        self.stdout.write(f"Revoked token {token.pk} ({token.prefix}…): {token.name}.")

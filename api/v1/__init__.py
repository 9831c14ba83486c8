"""Integration API, version 1: the NinjaAPI (`api.v1.api`), its JSON shapes (`schemas`) and the referral's
structured JSON (`serializers.referral_detail`)."""

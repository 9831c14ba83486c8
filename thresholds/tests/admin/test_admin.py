"""The admin: admins see only their own partnership; published versions are read-only; bad input is a form error."""

from datetime import time
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse

from portal.models import Organisation, User
from thresholds import models, versioning
from thresholds.admin.forms import PathwayForm

pytestmark = pytest.mark.django_db

HW, SEFTON = "hw-2025", "sefton"
ADMIN_MODELS = (
    models.Framework,
    models.Level,
    models.Area,
    models.Domain,
    models.Indicator,
    models.Service,
    models.OpeningWindow,
    models.Pathway,
    models.RagRating,
    models.Outcome,
    models.DecisionTimescale,
    models.EscalationStep,
    models.Guidance,
)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def make_user(username, slug, role=User.Role.ADMIN, **extra):
    partnership = models.Framework.objects.get(slug=slug).partnership
    extra.setdefault("is_staff", role == User.Role.ADMIN)
    return User.objects.create_user(
        username, password="a-long-enough-password", role=role, partnership=partnership, **extra
    )


@pytest.fixture
def admin_a():
    return make_user("admin-a", HW)


@pytest.fixture
def admin_b():
    return make_user("admin-b", SEFTON)


@pytest.fixture
def draft_a(admin_a):
    return versioning.draft_from(models.Framework.objects.get(slug=HW), user=admin_a)


@pytest.fixture
def draft_b(admin_b):
    return versioning.draft_from(models.Framework.objects.get(slug=SEFTON), user=admin_b)


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


def url(model, view, *args):
    return reverse(f"admin:thresholds_{model._meta.model_name}_{view}", args=args)


def row_of(model, framework):
    """One row of `model` in `framework`, made if the document has none (Sefton prints no outcomes)."""
    if model is models.Framework:
        return framework
    if model is models.OpeningWindow:
        service = framework.services.first()
        return service.windows.first() or models.OpeningWindow.objects.create(
            service=service, weekday=0, opens=time(9), closes=time(17)
        )
    row = model.objects.filter(framework=framework).first()
    if row is None and model is models.Outcome:
        row = models.Outcome.objects.create(framework=framework, code="b-only", text="Partnership B's outcome")
    if row is None and model is models.EscalationStep:
        row = models.EscalationStep.objects.create(framework=framework, number=1, text="Partnership B's step")
    if row is None and model is models.RagRating:
        row = models.RagRating.objects.create(framework=framework, code="b-red", name="Partnership B's red")
    assert row is not None, model
    return row


class FormFields(HTMLParser):
    """The fields a browser would submit from the admin's change form, as the test client wants them."""

    def __init__(self, html, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "input" and "checked" in a:
            self.fields.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(a["name"], [])
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(a.get("value", ""))
            if "selected" in a:
                self.fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data.removeprefix("\n") if not self.fields[self._textarea][-1] else data


def form_of(response, model):
    assert response.status_code == 200, response.status_code
    return FormFields(response.content.decode(), f"{model._meta.model_name}_form")


def errors_in(response):
    return response.context["adminform"].form.errors if response.context and "adminform" in response.context else {}


# --- scoping -------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_an_admin_cannot_reach_another_partnerships_rows(client_a, draft_a, draft_b, model):
    obj = row_of(model, draft_b)
    record = obj.history.latest()
    before = model.objects.filter(pk=obj.pk).values().get()
    targets = [
        url(model, "change", obj.pk),
        url(model, "delete", obj.pk),
        url(model, "history", obj.pk),
        url(model, "simple_history", obj.pk, record.history_id),
    ]
    for target in targets:
        for method in (client_a.get, client_a.post):
            response = method(target)
            assert response.status_code in (302, 403, 404), (target, response.status_code)
            if response.status_code == 302:
                assert response.url in (reverse("admin:index"), url(model, "changelist")), response.url
    assert model.objects.filter(pk=obj.pk).values().get() == before

    for listing in (url(model, "changelist"), url(model, "changelist") + f"?framework__id__exact={draft_b.pk}"):
        response = client_a.get(listing)
        assert response.status_code in (200, 302)
        assert url(model, "change", obj.pk) not in response.content.decode()
    # A's own list does show A's rows: the check above is not passing on an empty page.
    assert url(model, "change", row_of(model, draft_a).pk) in client_a.get(url(model, "changelist")).content.decode()


@pytest.mark.parametrize("model", [m for m in ADMIN_MODELS if m is not models.Framework], ids=lambda m: m.__name__)
def test_an_admins_add_form_offers_only_their_own_drafts_and_rows(client_a, draft_a, draft_b, model):
    form = form_of(client_a.get(url(model, "add")), model)
    relations = [name for name in form.options if model._meta.get_field(name).is_relation]
    assert relations
    for name in relations:
        related = model._meta.get_field(name).related_model
        offered = {int(value) for value in form.options[name] if value}
        if related is models.Framework:
            allowed = {draft_a.pk}  # not A's published versions, nothing of B's
        else:
            allowed = set(related.objects.filter(framework=draft_a).values_list("pk", flat=True))
        assert offered and offered <= allowed, name


def test_posting_another_partnerships_framework_into_an_add_form_creates_nothing(client_a, draft_a, draft_b):
    level, domain = draft_b.levels.get(number=1), draft_b.domains.first()
    data = {
        "framework": draft_b.pk,
        "code": "sneaky-1-01",
        "level": level.pk,
        "domain": domain.pk,
        "text": "x",
        "order": 0,
    }
    response = client_a.post(url(models.Indicator, "add"), data)
    assert response.status_code == 200
    assert "framework" in errors_in(response)
    assert not models.Indicator.objects.filter(code="sneaky-1-01").exists()


@pytest.mark.parametrize("view", ["draft", "changes", "validate", "publish"])
def test_version_views_of_another_partnership_are_not_found(client_a, draft_a, draft_b, view):
    for framework in (draft_b, models.Framework.objects.get(slug=SEFTON)):
        assert client_a.get(url(models.Framework, view, framework.pk)).status_code == 404
        assert client_a.post(url(models.Framework, view, framework.pk)).status_code == 404
    draft_b.refresh_from_db()
    assert draft_b.status == "draft"
    assert models.Framework.objects.filter(partnership=draft_b.partnership).count() == 2


def test_actions_on_another_partnerships_frameworks_do_nothing(client_a, draft_a, draft_b):
    sefton = models.Framework.objects.get(slug=SEFTON)
    for action in ("publish_drafts", "draft_new_version"):
        client_a.post(
            url(models.Framework, "changelist"),
            {"action": action, "_selected_action": [draft_b.pk, sefton.pk]},
        )
    draft_b.refresh_from_db()
    sefton.refresh_from_db()
    assert (draft_b.status, sefton.status) == ("draft", "current")
    assert models.Framework.objects.filter(partnership=sefton.partnership).count() == 2


@pytest.mark.parametrize("role", [User.Role.LEAD, User.Role.PRACTITIONER])
def test_leads_and_practitioners_have_no_admin_even_if_marked_staff(client, role):
    user = make_user(f"staff-{role}", HW, role=role, is_staff=True)
    client.force_login(user)
    hw = models.Framework.objects.get(slug=HW)
    for target in (reverse("admin:index"), url(models.Framework, "changelist"), url(models.Framework, "change", hw.pk)):
        response = client.get(target)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), target


def test_a_superuser_sees_every_partnership(client, draft_a, draft_b):
    client.force_login(User.objects.create_superuser("root", password="a-long-enough-password"))
    page = client.get(url(models.Framework, "changelist")).content.decode()
    for framework in models.Framework.objects.all():
        assert url(models.Framework, "change", framework.pk) in page


def test_user_accounts_are_for_superusers_and_organisations_are_scoped(client_a, admin_b):
    assert client_a.get(reverse("admin:portal_user_changelist")).status_code == 403
    own = Organisation.objects.create(partnership=models.Framework.objects.get(slug=HW).partnership, name="A school")
    other = Organisation.objects.create(partnership=admin_b.partnership, name="B school")
    page = client_a.get(reverse("admin:portal_organisation_changelist")).content.decode()
    assert "A school" in page and "B school" not in page
    assert client_a.get(reverse("admin:portal_organisation_change", args=[other.pk])).status_code == 302
    assert client_a.get(reverse("admin:portal_organisation_change", args=[own.pk])).status_code == 200


# --- published versions are read-only -----------------------------------------------------------


def test_a_published_framework_and_its_rows_are_read_only(client_a):
    hw = models.Framework.objects.get(slug=HW)
    indicator = hw.indicators.first()
    for model, obj in ((models.Framework, hw), (models.Indicator, indicator)):
        page = client_a.get(url(model, "change", obj.pk))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert "published framework" in page.content.decode() or "read-only" in page.content.decode()
        assert client_a.post(url(model, "change", obj.pk), {"text": "changed", "title": "changed"}).status_code == 403
        assert client_a.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        history = client_a.get(url(model, "history", obj.pk))
        assert history.status_code == 200 and "reverting is possible only while" in history.content.decode().lower()
        record = obj.history.latest()
        assert client_a.post(url(model, "simple_history", obj.pk, record.history_id)).status_code == 403
    assert models.Indicator.objects.get(pk=indicator.pk).text == indicator.text
    assert models.Framework.objects.get(pk=hw.pk).title == hw.title


# --- editing a draft ----------------------------------------------------------------------------


def test_editing_a_drafts_indicator_is_recorded_and_revertible(client_a, admin_a, draft_a):
    indicator = draft_a.indicators.first()
    original = indicator.text
    form = form_of(client_a.get(url(models.Indicator, "change", indicator.pk)), models.Indicator)
    form.fields["text"] = ["Reworded in the admin."]
    response = client_a.post(url(models.Indicator, "change", indicator.pk), form.fields)
    assert response.status_code == 302, errors_in(response)
    indicator.refresh_from_db()
    assert indicator.text == "Reworded in the admin."
    latest = indicator.history.latest()
    assert (latest.history_user, latest.text) == (admin_a, "Reworded in the admin.")

    first = indicator.history.earliest()
    revert_url = url(models.Indicator, "simple_history", indicator.pk, first.history_id)
    form = form_of(client_a.get(revert_url), models.Indicator.history.model)
    assert form.fields["text"] == [original]
    assert client_a.post(revert_url, form.fields).status_code == 302
    indicator.refresh_from_db()
    assert indicator.text == original
    assert indicator.history.latest().history_user == admin_a


def test_the_framework_page_edits_a_drafts_rows_inline(client_a, admin_a, draft_a):
    change = url(models.Framework, "change", draft_a.pk)
    form = form_of(client_a.get(change), models.Framework)
    level_names = [k for k in form.fields if k.startswith("levels-") and k.endswith("-name") and "__prefix__" not in k]
    assert len(level_names) == 4
    assert any(k.startswith("pathways-") for k in form.fields) and any(k.startswith("services-") for k in form.fields)
    form.fields[level_names[0]] = ["Universal (renamed)"]
    response = client_a.post(change, form.fields)
    assert response.status_code == 302, errors_in(response)
    level = draft_a.levels.get(number=1)
    assert level.name == "Universal (renamed)"
    assert level.history.latest().history_user == admin_a


def test_an_indicator_without_text_or_with_a_used_code_is_a_form_error(client_a, draft_a):
    existing = draft_a.indicators.first()
    count = draft_a.indicators.count()
    base = {
        "framework": draft_a.pk,
        "level": existing.level_id,
        "domain": existing.domain_id,
        "order": 0,
        "note": "",
    }
    blank = client_a.post(url(models.Indicator, "add"), {**base, "code": "health-1-99", "text": "   "})
    assert "text" in errors_in(blank)
    taken = client_a.post(url(models.Indicator, "add"), {**base, "code": existing.code, "text": "Duplicate"})
    assert "already has the code" in str(errors_in(taken)["code"])
    assert draft_a.indicators.count() == count


def test_two_new_indicators_with_one_code_in_a_domain_are_a_form_error(client_a, draft_a):
    domain = draft_a.domains.first()
    change = url(models.Domain, "change", domain.pk)
    form = form_of(client_a.get(change), models.Domain)
    total = int(form.fields["indicators-TOTAL_FORMS"][0])
    level = draft_a.levels.get(number=2).pk
    for n in (total, total + 1):
        form.fields.update({f"indicators-{n}-code": ["dup-2-01"], f"indicators-{n}-level": [level]})
        form.fields.update({f"indicators-{n}-text": ["New"], f"indicators-{n}-order": ["0"]})
    form.fields["indicators-TOTAL_FORMS"] = [str(total + 2)]
    form.fields["name"] = ["Renamed with the duplicates"]
    response = client_a.post(change, form.fields)
    assert response.status_code == 200
    assert "used twice" in response.content.decode()
    domain.refresh_from_db()
    assert domain.name != "Renamed with the duplicates"  # nothing half-saved
    assert not models.Indicator.objects.filter(code="dup-2-01").exists()


def test_a_new_indicator_inline_under_a_domain_belongs_to_the_draft(client_a, draft_a):
    domain = draft_a.domains.first()
    change = url(models.Domain, "change", domain.pk)
    form = form_of(client_a.get(change), models.Domain)
    n = int(form.fields["indicators-TOTAL_FORMS"][0])
    level = draft_a.levels.get(number=2).pk
    form.fields.update({f"indicators-{n}-code": [f"{domain.code}-2-99"], f"indicators-{n}-level": [level]})
    form.fields.update({f"indicators-{n}-text": ["Added under the domain"], f"indicators-{n}-order": ["99"]})
    form.fields["indicators-TOTAL_FORMS"] = [str(n + 1)]
    response = client_a.post(change, form.fields)
    assert response.status_code == 302, errors_in(response)
    added = models.Indicator.objects.get(code=f"{domain.code}-2-99")
    assert (added.framework, added.domain) == (draft_a, domain)


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [("25:99", "17:00", "Enter a valid time"), ("17:00", "09:00", "closing time must be after the opening time")],
)
def test_opening_hours_that_do_not_parse_or_close_first_are_a_form_error(client_a, draft_a, opens, closes, message):
    service = draft_a.services.get(code="hfd-mash")
    change = url(models.Service, "change", service.pk)
    form = form_of(client_a.get(change), models.Service)
    form.fields["windows-0-opens"], form.fields["windows-0-closes"] = [opens], [closes]
    form.fields["phone"] = ["01432 999999"]
    response = client_a.post(change, form.fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    service.refresh_from_db()
    assert service.phone != "01432 999999"  # the service's own change was not saved either


def test_a_pathway_cannot_name_another_frameworks_service(client_a, draft_a, draft_b):
    pathway = draft_a.pathways.filter(services__isnull=False).first()
    stray = draft_b.services.first()
    change = url(models.Pathway, "change", pathway.pk)
    form = form_of(client_a.get(change), models.Pathway)
    assert str(stray.pk) not in form.options["services"]
    form.fields["services"] = [*form.fields["services"], str(stray.pk)]
    response = client_a.post(change, form.fields)
    assert response.status_code == 200 and "services" in errors_in(response)
    assert not pathway.services.filter(pk=stray.pk).exists()
    # The form refuses it even where the choices are not narrowed (a superuser adding a pathway).
    data = {"framework": draft_a.pk, "code": "p-x", "kind": "other", "title": "T", "text": "T"}
    data |= {"levels": [draft_a.levels.first().pk], "services": [stray.pk]}
    bound = PathwayForm(data)
    assert not bound.is_valid()
    assert "another framework" in str(bound.errors["services"])


# --- versions through the admin ------------------------------------------------------------------


def test_draft_changes_validate_and_publish_through_the_admin(client_a, admin_a):
    hw = models.Framework.objects.get(slug=HW)
    page = client_a.get(url(models.Framework, "draft", hw.pk))
    assert page.status_code == 200 and "hw-2025-v2" in page.content.decode()
    response = client_a.post(url(models.Framework, "draft", hw.pk))
    draft = models.Framework.objects.get(slug="hw-2025-v2")
    assert response.url == url(models.Framework, "change", draft.pk)
    assert draft.history.earliest().history_user == admin_a

    indicator = draft.indicators.first()
    indicator.text = "A clearer wording."
    indicator.save()
    changes = client_a.get(url(models.Framework, "changes", draft.pk)).content.decode()
    assert "Reworded (1)" in changes and "A clearer wording." in changes and "Added (" not in changes
    assert "No problems" in client_a.get(url(models.Framework, "validate", draft.pk)).content.decode()
    confirm = client_a.get(url(models.Framework, "publish", draft.pk)).content.decode()
    assert "becomes superseded" in confirm

    response = client_a.post(url(models.Framework, "publish", draft.pk))
    assert response.status_code == 302
    draft.refresh_from_db()
    hw.refresh_from_db()
    assert (draft.status, hw.status, hw.successor) == ("current", "superseded", draft)
    # Published now: no more publishing, and its page is read-only.
    assert client_a.post(url(models.Framework, "publish", draft.pk)).status_code == 403


def test_publishing_an_invalid_draft_through_the_admin_is_refused(client_a, draft_a):
    draft_a.indicators.filter(level__number=4).delete()
    response = client_a.post(url(models.Framework, "publish", draft_a.pk))
    assert response.url == url(models.Framework, "validate", draft_a.pk)
    assert "level 4: no indicators" in [str(m) for m in get_messages(response.wsgi_request)]
    draft_a.refresh_from_db()
    assert draft_a.status == "draft"
    assert models.Framework.objects.get(slug=HW).status == "current"


def test_the_admin_is_branded_and_shows_status(client_a, draft_a):
    page = client_a.get(url(models.Framework, "changelist")).content.decode()
    assert "Threshold administration" in page
    assert "threshold-status--draft" in page and "threshold-status--current" in page


def test_a_draft_can_be_deleted_and_a_published_version_cannot(client_a, draft_a):
    hw = models.Framework.objects.get(slug=HW)
    assert client_a.get(url(models.Framework, "delete", hw.pk)).status_code == 403
    assert client_a.post(url(models.Framework, "delete", draft_a.pk), {"post": "yes"}).status_code == 302
    assert not models.Framework.objects.filter(pk=draft_a.pk).exists()
    assert hw.indicators.count() == 224


def test_reverting_a_pathway_offers_the_links_it_had(client_a, admin_a, draft_a):
    pathway = draft_a.pathways.filter(levels__isnull=False).distinct().first()
    levels = set(pathway.levels.values_list("pk", flat=True))
    before = pathway.history.latest()
    pathway._history_user = admin_a
    pathway.levels.set([draft_a.levels.exclude(pk__in=levels).first()])
    assert set(pathway.levels.values_list("pk", flat=True)) != levels
    revert = url(models.Pathway, "simple_history", pathway.pk, before.history_id)
    form = form_of(client_a.get(revert), models.Pathway.history.model)
    assert set(map(int, form.fields["levels"])) == levels
    assert client_a.post(revert, form.fields).status_code == 302
    assert set(pathway.levels.values_list("pk", flat=True)) == levels


def test_reverting_a_drafts_framework_fields(client_a, draft_a):
    change = url(models.Framework, "change", draft_a.pk)
    first = draft_a.history.earliest()
    form = form_of(client_a.get(change), models.Framework)
    form.fields["title"] = ["A new title"]
    assert client_a.post(change, form.fields).status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.title == "A new title"
    revert = url(models.Framework, "simple_history", draft_a.pk, first.history_id)
    form = form_of(client_a.get(revert), models.Framework.history.model)
    response = client_a.post(revert, form.fields)
    assert response.status_code == 302, errors_in(response)
    reverted = models.Framework.objects.get(pk=draft_a.pk)
    assert reverted.title == models.Framework.objects.get(slug=HW).title
    assert (reverted.status, reverted.content_version > draft_a.content_version) == ("draft", True)

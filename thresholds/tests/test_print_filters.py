"""The template filters behind printing each thing once and phone numbers whole (issue 18, item 6)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import Context, Template

from thresholds.templatetags.threshold_tags import emergency_texts, nowrap_phones, passage_sections, phone_nowrap


def test_phone_numbers_in_text_are_kept_whole_and_the_text_escaped():
    html = nowrap_phones("Call 01905 822666 or 0151 934 4013 <script>x</script>; 999 for the police; ref 2024.")
    assert html == (
        'Call <span class="threshold-phone">01905 822666</span> or <span class="threshold-phone">0151 934 4013</span>'
        " &lt;script&gt;x&lt;/script&gt;; 999 for the police; ref 2024."
    )
    rendered = Template("{% load threshold_tags %}{{ text|nowrap_phones|linebreaks }}").render(
        Context({"text": "Ring 0345 140 0845.\n\n<b>Then</b> write."})
    )
    assert (
        rendered
        == '<p>Ring <span class="threshold-phone">0345 140 0845</span>.</p>\n\n<p>&lt;b&gt;Then&lt;/b&gt; write.</p>'
    )


def test_a_phone_entry_is_one_unbreakable_piece():
    assert phone_nowrap("0151 934 4013/ 4481") == '<span class="threshold-phone">0151 934 4013/ 4481</span>'
    assert phone_nowrap("<b>1</b>") == '<span class="threshold-phone">&lt;b&gt;1&lt;/b&gt;</span>'
    assert phone_nowrap("") == ""


def _passage(title: str, text: str, items: list[str] | None = None) -> SimpleNamespace:
    return SimpleNamespace(title=title, text=text, items=items or [])


def test_a_section_continued_in_a_second_passage_has_one_title_and_the_levels_own_text_is_not_repeated():
    consent, again, level_text = (
        _passage("Consent", "Must gain consent", ["a"]),
        _passage("Consent", "Levels 1-3"),
        "Levels  1-3",
    )
    s47, untitled = _passage("Section 47", "Consent should also"), _passage("", "More")
    sections = passage_sections([consent, again, s47, untitled], level_text)
    assert [(s["title"], s["passages"]) for s in sections] == [
        ("Consent", [consent]),
        ("Section 47", [s47]),
        ("", [untitled]),
    ]
    sections = passage_sections([consent, again, s47], "")
    assert [(s["title"], len(s["passages"])) for s in sections] == [("Consent", 2), ("Section 47", 1)]


def test_the_emergency_sentence_is_said_once():
    short = "If a child is at risk of immediate harm then the police should be called on 999."
    longer = short + " All verbal referrals are required to be followed up in writing."

    def suggestion(text: str, *pathways: str) -> SimpleNamespace:
        return SimpleNamespace(emergency_text=text, emergency_pathways=[SimpleNamespace(text=t) for t in pathways])

    assert emergency_texts(suggestion(short, longer)) == [longer]  # hw-2025: the pathway repeats and adds
    assert emergency_texts(suggestion(short, short)) == [short]
    assert emergency_texts(suggestion(short, "Ring MASH.")) == [short, "Ring MASH."]
    assert emergency_texts(suggestion("", "Ring MASH.")) == ["Ring MASH."]

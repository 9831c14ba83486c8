"""The referral summary as an A4, tagged PDF, made by WeasyPrint from the same template as the print view."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.template.loader import render_to_string

logger = logging.getLogger("referrals.pdf")  # the name the logging set-up and tests know

PDF_FAILED = "The PDF could not be made just now. Your assessment is unchanged: try again, or use the print view."


class PdfError(RuntimeError):
    """The PDF could not be made; the message is for the log and never holds child data."""


def render_pdf(html: str, base_url: str) -> bytes:
    try:
        import weasyprint  # imported here: it costs most of a second, and only PDF requests need it
    except ImportError as exc:  # pragma: no cover - a broken install, not a code path
        raise PdfError("WeasyPrint is not installed") from exc
    try:
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    except Exception as exc:  # WeasyPrint raises many kinds; the user gets one clear message
        logger.exception("Referral PDF failed")  # the traceback names templates, not the child
        raise PdfError("WeasyPrint failed") from exc


def referral_pdf(request: HttpRequest, context: dict) -> bytes:
    html = render_to_string("referrals/summary_pdf.html", context, request=request)
    return render_pdf(html, base_url=request.build_absolute_uri("/"))

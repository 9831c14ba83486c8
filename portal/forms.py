"""Forms for the site's own pages."""

from __future__ import annotations

import logging
from typing import Any, cast

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse

from thresholds.models import Framework

logger = logging.getLogger("portal.accounts")


def guidance_choices(frameworks: list[Framework]) -> list[Choice]:
    """One choice per framework and area: current guidance first, replaced guidance labelled as such.

    Each names its version's own label and date (`Framework.edition`); a replaced one names its replacement's."""
    choices = []
    for framework in frameworks:
        named = f"{framework.title}, {framework.edition}"
        if framework.status == Framework.Status.SUPERSEDED:
            successor = framework.successor
            replaced = f" by {successor.title}, {successor.edition}" if successor else ""
            hint = f"{named}. Replaced{replaced}."
        else:
            hint = f"Current guidance. {named}."
        for area in framework.areas.all():
            label = framework.partnership.name
            if framework.areas.all().count() > 1 or area.name not in label:
                label = f"{label}: {area.name}"
            if framework.status == Framework.Status.SUPERSEDED:
                label = f"{label} (replaced guidance)"
            choices.append(Choice(f"{framework.slug}/{area.code}", label, hint=hint))
    return choices


def guidance_groups(frameworks: list[Framework]) -> tuple[list[Choice], list[Choice]]:
    """The start page's choices split: each partnership's current guidance, then the replaced versions."""
    current = [f for f in frameworks if f.status == Framework.Status.CURRENT]
    replaced = [f for f in frameworks if f.status == Framework.Status.SUPERSEDED]
    return guidance_choices(current), guidance_choices(replaced)


class ChooseGuidanceForm(forms.Form):
    guidance = forms.ChoiceField(
        label="Which partnership's guidance do you work to?",
        help_text="Choose the area where the child lives.",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the partnership and area where the child lives"},
    )

    def __init__(self, *args, frameworks: list[Framework], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["guidance"]).choices = guidance_choices(frameworks)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("start")  # explicit: after the skip link the page's URL ends "#main-content"
        self.helper.layout = Layout(
            Field.radios("guidance", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("choose", "Continue"),
        )


def _helper(*fields: str, button: str) -> FormHelper:
    """The fields and button only: each template writes its own <form> (with its action), never a nested one."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both may be case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field("password", css_class="govuk-!-width-two-thirds"),
            button="Sign in",
        )


class MailNotSent(Exception):
    """The mail backend refused or failed: the person is told, rather than told it was sent."""


class ResetPasswordForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """As Django's, but a failure is raised, not only logged (Django's swallows it and says it was sent)."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, loader.render_to_string(email_template_name, context), from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        try:
            message.send()
        except Exception as exc:
            logger.warning("Password reset e-mail not sent (user %s)", context["user"].pk)
            raise MailNotSent from exc

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = "Enter an email address like name@example.org"
        self.helper = _helper(Field("email", css_class="govuk-!-width-two-thirds"), button="Send the link")


class ChoosePasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper("new_password1", "new_password2", button="Save the new password")


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, button: str = "Continue", help_text: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["code"].help_text = help_text
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})
        self.helper = _helper(Field.text("code", field_width=Fluid.ONE_THIRD), button=button)

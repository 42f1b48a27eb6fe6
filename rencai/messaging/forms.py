"""Forms of the messaging pages (labels translatable; rules live in the actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.messaging.choices import InterviewMode, Recommendation
from rencai.messaging.models import InterviewTemplate
from rencai.moderation.choices import ReportCategory
from rencai.orgs.models import Membership

SLOT_FIELDS = ("slot_1", "slot_2", "slot_3", "slot_4", "slot_5")
_LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class SlotInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=_LOCAL_INPUT)


def slot_field(label: Any, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=SlotInput(), input_formats=[_LOCAL_INPUT]
    )


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("chat", "Message"),
        required=False,
        max_length=settings.MESSAGING_MAX_MESSAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Write a message…")}),
    )
    attachment = forms.FileField(
        label=_("Attach a PDF or image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp"}),
    )

    def __init__(self, *args: Any, check_url: str = "", **kwargs: Any) -> None:
        """With ``check_url`` (the employer's side) the text is checked as it is typed:
        htmx posts only the text, never the file, and shows the DIS-05 hint."""
        super().__init__(*args, **kwargs)
        if check_url:
            self.fields["body"].widget.attrs.update(
                {
                    "hx-post": check_url,
                    "hx-trigger": "input changed delay:700ms",
                    "hx-target": "#composer-hint",
                    "hx-swap": "innerHTML",
                    "hx-params": "body",
                    "hx-encoding": "application/x-www-form-urlencoded",
                }
            )


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong"), choices=ReportCategory.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class SlotsForm(forms.Form):
    """Up to five proposed times (Beijing time)."""

    slot_1 = slot_field(_("Time 1"), required=True)
    slot_2 = slot_field(_("Time 2"))
    slot_3 = slot_field(_("Time 3"))
    slot_4 = slot_field(_("Time 4"))
    slot_5 = slot_field(_("Time 5"))

    def slots(self) -> list[dt.datetime]:
        values = [self.cleaned_data.get(name) for name in SLOT_FIELDS]
        return [
            value if timezone.is_aware(value) else timezone.make_aware(value)
            for value in values
            if value is not None
        ]


class InterviewForm(SlotsForm):
    round = forms.IntegerField(label=_("Round"), min_value=1, max_value=20, initial=1)
    mode = forms.ChoiceField(
        label=_("How"), choices=InterviewMode.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(label=_("Address (on site)"), required=False, max_length=200)
    video_link = forms.CharField(label=_("Video link (https)"), required=False, max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=45
    )
    interviewers = forms.MultipleChoiceField(
        label=_("Interviewers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    instructions = forms.CharField(
        label=_("Instructions to the candidate"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to bring, whom to ask for at the reception, how to join."),
    )
    questions = forms.CharField(
        label=_("Questions (one per line; only the interviewers see them)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Questions about marriage, childbearing, pregnancy or hepatitis B are refused."
        ),
    )

    field_order = [
        "round",
        "mode",
        "address",
        "video_link",
        "duration_minutes",
        *SLOT_FIELDS,
        "interviewers",
        "instructions",
        "questions",
    ]

    def __init__(self, *args: Any, members: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interviewers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(m.pk), m.user.display_name) for m in members]


def interview_initial(template: InterviewTemplate | None, me: Membership) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "round": 1,
        "mode": InterviewMode.ONSITE,
        "duration_minutes": 45,
        "interviewers": [str(me.pk)],
    }
    if template is not None:
        initial.update(
            mode=template.mode,
            duration_minutes=template.duration_minutes,
            instructions=template.instructions,
            questions="\n".join(template.questions),
        )
    return initial


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    mode = forms.ChoiceField(
        label=_("How"), choices=InterviewMode.choices, widget=forms.RadioSelect
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=45
    )
    instructions = forms.CharField(
        label=_("Instructions to the candidate"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label=_("Questions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ask about skills and experience only. Questions about marriage, childbearing, "
            "pregnancy or hepatitis B are refused (DIS-05)."
        ),
    )


class AnswerForm(forms.Form):
    """The seeker's answer: pick a time, or decline, or ask for other times."""

    slot_id = forms.ChoiceField(label=_("Choose a time"), required=False, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the employer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When asking for other times, say which days and hours suit you."),
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = slots


class ScorecardForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

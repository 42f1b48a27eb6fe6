"""Forms of the applications pages (labels translated; the actions enforce every rule)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.applications.choices import RejectionReason, StageKind
from rencai.jobs.models import JobPosting
from rencai.resumes.models import Resume


class ResumeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class ApplyForm(forms.Form):
    """Choose a resume, optionally write a note, confirm the notice (PI-05)."""

    resume = ResumeChoiceField(
        label=_("Resume to send"),
        queryset=Resume.objects.none(),
        widget=forms.HiddenInput,
    )
    cover_note = forms.CharField(
        label=_("Note to the organisation (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say why the job interests you. Contact details and other apps are not allowed "
            "here: the organisation receives your contact details with the resume."
        ),
    )
    notice_hash = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    confirm = forms.BooleanField(
        label=_("I agree to send this resume to the organisation named above for this purpose"),
        required=True,
    )

    def __init__(self, *args: Any, resumes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resume"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = resumes


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
        help_text=_("The seeker sees this neutral reason."),
    )
    message = forms.CharField(
        label=_("Message to the seeker (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Checked before it is sent: no remarks on origin, gender, age, ethnicity, "
            "religion, marriage, health or looks."
        ),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only members of your organisation see notes and ratings."),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No rating")), *[(str(i), "★" * i) for i in range(1, 6)]],
    )


class StageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=20)
    name_en = forms.CharField(label=_("English name"), max_length=30, required=False)
    kind = forms.ChoiceField(
        label=_("Meaning"),
        choices=StageKind.choices,
        help_text=_("What the seeker is told when an application reaches this stage."),
    )


class RenameStageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=20)
    name_en = forms.CharField(label=_("English name"), max_length=30, required=False)


class PostingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        version = obj.live_version
        return str(version.title) if version is not None else str(obj.pk)


class InviteForm(forms.Form):
    posting = PostingChoiceField(
        label=_("Job"), queryset=JobPosting.objects.none(), empty_label=_("Choose a job")
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Checked before it is sent: no contact details, fees or discrimination."),
    )

    def __init__(self, *args: Any, postings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["posting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = postings


class FilterForm(forms.Form):
    """The list filters (no protected attributes exist here, DIS-03)."""

    posting_id = forms.ChoiceField(label=_("Job"), required=False)
    stage_id = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("active", _("Active")),
            ("rejected", _("Not suitable")),
            ("hired", _("Hired")),
        ],
    )
    since = forms.DateField(
        label=_("Applied from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Applied until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label=_("Name or skill"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args: Any, postings: list[Any], stages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posting_field = self.fields["posting_id"]
        stage_field = self.fields["stage_id"]
        assert isinstance(posting_field, forms.ChoiceField)
        assert isinstance(stage_field, forms.ChoiceField)
        posting_field.choices = [("", _("All jobs")), *postings]
        stage_field.choices = [("", _("All stages")), *stages]

"""Forms of the employer pages. They check shapes; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rencai.core.reference_forms import DivisionField, IndustryField
from rencai.files.choices import DOCUMENT_KINDS, IMAGE_KINDS
from rencai.files.forms import CheckedFileField
from rencai.orgs.choices import AccountClass, AuthorityMethod, MemberRole, OrgSize
from rencai.orgs.models import Membership


class RegisteredForm(forms.Form):
    account_class = forms.ChoiceField(
        label=_("Account class"),
        choices=AccountClass.choices,
        widget=forms.RadioSelect,
        initial=AccountClass.EMPLOYER,
        help_text=_("HR service agencies also give their HR service licence and fee list."),
    )
    legal_name = forms.CharField(
        label=pgettext_lazy("organisation", "Legal name"),
        max_length=100,
        help_text=_("Exactly as on the business licence."),
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        help_text=_("18 characters, on the business licence."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "class": "mono"}),
    )
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50)
    legal_rep_id_number = forms.CharField(
        label=_("Legal representative's ID number"),
        max_length=40,
        required=False,
        help_text=_("Optional. Kept only as a one-way hash to recognise the person."),
    )
    registered_address = forms.CharField(label=_("Registered address"), max_length=200)


class ProfileForm(forms.Form):
    industry = IndustryField(label=_("Industry"), help_text=_("GB/T 4754-2017 classification."))
    size = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *OrgSize.choices])
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the organisation does. Shown on the public company page."),
    )
    logo = CheckedFileField(
        label=_("Logo"),
        accept=IMAGE_KINDS,
        required=False,
        help_text=_("PNG, JPEG or WebP. Must match the organisation's name."),
    )


class LocationForm(forms.Form):
    division = DivisionField(label=_("Province, city and district"), min_level=3)
    address = forms.CharField(label=_("Street address"), max_length=200)
    is_headquarters = forms.BooleanField(label=_("Headquarters"), required=False)


class DocumentForm(forms.Form):
    file = CheckedFileField(
        label=_("File"),
        accept=DOCUMENT_KINDS,
        help_text=_("A photo or scan (PNG, JPEG, WebP) or a PDF, at most 10 MB."),
    )


def _date_input() -> forms.DateInput:
    """A browser date picker: it needs ISO dates whatever the page language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LicenceForm(forms.Form):
    number = forms.CharField(label=_("Licence number"), max_length=60)
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=100)
    valid_from = forms.DateField(label=_("Valid from"), widget=_date_input())
    valid_until = forms.DateField(label=_("Valid until"), widget=_date_input())
    scope = forms.CharField(
        label=_("Licensed scope"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    supervisor_name = forms.CharField(
        label=_("Supervisory authority"),
        max_length=100,
        help_text=_("Shown on the public page with its phone number (LIC-07)."),
    )
    supervisor_phone = forms.CharField(label=_("Supervisory authority's phone"), max_length=30)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Service"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_free = forms.BooleanField(label=_("Free of charge"), required=False)
    fee_standard = forms.CharField(
        label=_("Fee standard"),
        max_length=200,
        required=False,
        help_text=_(
            "For example: a fixed amount per hire, or a share of the first year's salary, "
            "paid by the employer."
        ),
    )


ServiceFormSet = forms.formset_factory(ServiceForm, extra=1, max_num=30, can_delete=True)


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Company e-mail address"),
        help_text=_("At your company's own domain. We send a 6-digit code."),
    )


class EmailCodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the e-mail"), max_length=12)


class SubmitForm(forms.Form):
    authority_method = forms.ChoiceField(
        label=_("How you prove you may act for the organisation"),
        choices=AuthorityMethod.choices,
        widget=forms.RadioSelect,
    )
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information and documents are true, and that I am authorised "
            "to recruit for this organisation."
        )
    )


class ChangeForm(forms.Form):
    legal_name = forms.CharField(label=_("New legal name"), max_length=100, required=False)
    legal_representative = forms.CharField(
        label=_("New legal representative"), max_length=50, required=False
    )
    registered_address = forms.CharField(
        label=_("New registered address"), max_length=200, required=False
    )
    authority_method = SubmitForm.base_fields["authority_method"]
    declaration = SubmitForm.base_fields["declaration"]


class InviteForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=32)
    role = forms.ChoiceField(
        label=_("Role"), choices=MemberRole.choices, initial=MemberRole.RECRUITER
    )


class _MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.display_name} · {obj.get_role_display()}"


class SuccessorForm(forms.Form):
    successor = _MemberChoiceField(
        label=_("Hand over to"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("— nobody (only if there is nothing to hand over) —"),
    )

    def __init__(self, *args: object, members: list[Membership], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["successor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in members]).select_related(
            "user"
        )


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example your department and job title."),
    )

"""Forms of the accounts pages (labels translated; validation rules live in actions)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rencai.accounts.choices import GuardianRelationship, Role

PHONE_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "tel-national",
    "placeholder": _("11-digit mobile number"),
}
CODE_ATTRS = {
    "inputmode": "numeric",
    "autocomplete": "one-time-code",
    "maxlength": "6",
    "placeholder": _("6-digit code"),
}


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(PHONE_ATTRS)
    )


class SmsLoginForm(PhoneForm):
    code = forms.CharField(
        label=_("Verification code"), max_length=8, widget=forms.TextInput(CODE_ATTRS)
    )


class RegisterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I want to"),
        choices=[
            (Role.SEEKER, _("Find a job")),
            (Role.EMPLOYER_STAFF, _("Recruit for my company")),
            (Role.AGENCY_STAFF, _("Recruit for clients (HR agency / headhunter)")),
        ],
        widget=forms.RadioSelect,
        initial=Role.SEEKER,
    )
    display_name = forms.CharField(
        label=_("Name shown on the platform"),
        max_length=40,
        help_text=_("Your name or a nickname, 1 to 40 characters."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Job seekers must be at least 16. Seekers aged 16 or 17 need a guardian's confirmation."
        ),
    )
    email = forms.EmailField(
        label=_("Work e-mail"),
        required=False,
        help_text=_("HR agency staff sign in with e-mail and password."),
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        max_length=128,
    )
    accept = forms.BooleanField(
        label=_("I have read and agree to the documents above"), required=True
    )


class PasswordLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=8, widget=forms.TextInput(CODE_ATTRS)
    )


class RealNameForm(forms.Form):
    name = forms.CharField(
        label=_("Legal name"), max_length=30, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        help_text=_(
            "Resident ID card, or residence permit for Hong Kong, Macao and Taiwan residents."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(label=_("I have read the notice and agree"), required=True)


class FaceForm(forms.Form):
    image = forms.ImageField(
        label=_("A clear photo of your face"),
        help_text=_("JPEG or PNG, at most 5 MB. The photo is not stored."),
    )

    def clean_image(self) -> object:
        image = self.cleaned_data["image"]
        if image.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return image


class GuardianRequestForm(forms.Form):
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=30)
    guardian_phone = forms.CharField(
        label=_("Guardian's mobile number"), max_length=20, widget=forms.TextInput(PHONE_ATTRS)
    )
    relationship = forms.ChoiceField(label=_("Relationship"), choices=GuardianRelationship.choices)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown on the platform"), max_length=40)
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Follow my browser")), ("zh-hans", "简体中文"), ("en", "English")],
        required=False,
    )
    sms_second_factor = forms.BooleanField(
        label=_("Also ask for an SMS code when I sign in with my password"), required=False
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=60, help_text=_('What the token is for, e.g. "ATS sync".')
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))],
        initial=90,
    )


class TakeRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Add a role"),
        choices=[
            (Role.SEEKER, _("Job seeker")),
            (Role.EMPLOYER_STAFF, _("Employer recruiter")),
            (Role.AGENCY_STAFF, _("HR agency staff")),
        ],
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    password = forms.CharField(label=_("Password"), required=False, widget=forms.PasswordInput)


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
